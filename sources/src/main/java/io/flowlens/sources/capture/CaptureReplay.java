package io.flowlens.sources.capture;

import io.flowlens.sources.bpf.BpfObject;
import io.flowlens.sources.bpf.Counter;
import io.flowlens.sources.bpf.CounterSnapshot;
import io.flowlens.sources.bpf.PacketView;
import io.flowlens.sources.bpf.ProgramTestRun;
import io.flowlens.sources.bpf.ReplayStamp;
import io.flowlens.sources.bpf.RingBuffer;
import io.flowlens.sources.pcap.CaptureFileReader;
import io.flowlens.sources.pcap.CaptureFormatException;
import io.flowlens.sources.pcap.CapturedFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a pcap/pcapng file through the same TC program that runs live (BPF_PROG_TEST_RUN, one
 * run per packet), so an offline dataset comes from the same classifier as a live one. Each record
 * is stamped with the packet's capture time and original frame length, and its direction is
 * UNKNOWN (a capture does not say). A corrupt or truncated file ends the replay with a clear error
 * naming the byte offset; every packet before it is kept.
 *
 * <p>One syscall per packet caps a core near 400 k packets/s, so replay reads the file in batches and splits each
 * batch by flow over several workers, each with its own kernel object (per-flow kernel state stays with its flow,
 * see {@link FlowHash}); the polling thread is one of them, helper threads are the others. Records still reach the
 * handler in file order, on the polling thread. With one worker there is no helper thread.
 */
public final class CaptureReplay implements PacketCapture {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureReplay.class);

    /** Workers when the caller does not say: this machine kind has 2 cores. */
    public static final int DEFAULT_WORKERS = 2;
    // 512 frames: ~1.5 MB of frame buffers, and a batch lasts long enough (~0.6 ms) that the handshake is noise
    static final int BATCH = 512;

    private final CaptureFileReader reader;
    private final ReplayLane[] lanes; // lanes[0] runs on the polling thread, lanes[w] on helpers[w - 1]
    private final ReplayHelper[] helpers;
    private final ReplayBatch batch;
    private final CapturedFrame frame = new CapturedFrame();
    private final PacketView view = new PacketView();
    private long refusedFrames;
    private long packetsDelivered; // skipped packets plus those whose records reached the handler
    private int cursor; // next frame of the batch to hand over
    private int announced; // frames of the batch before this were announced to the handler (prefetch)
    private boolean endOfFile;
    private CaptureFormatException pendingError; // seen while reading ahead; reported once the packets before it are
    private CaptureFormatException error;
    private boolean finished;
    private boolean closed;

    /** Opens the file and loads private copies of the kernel object (nothing is attached anywhere). */
    public CaptureReplay(Path file, BpfObject.Options options) throws IOException {
        this(file, options, 0);
    }

    /** As above, resuming after the first {@code skipPackets} packets (from a checkpoint). */
    public CaptureReplay(Path file, BpfObject.Options options, long skipPackets) throws IOException {
        this(file, options, skipPackets, DEFAULT_WORKERS);
    }

    /**
     * As above, with up to {@code workers} kernel objects and threads (never more than the available processors).
     */
    public CaptureReplay(Path file, BpfObject.Options options, long skipPackets, int workers) throws IOException {
        if (workers < 1) {
            throw new IllegalArgumentException("replay needs at least one worker, got " + workers);
        }
        int n = Math.min(workers, Runtime.getRuntime().availableProcessors());
        this.reader = CaptureFileReader.open(file);
        this.lanes = new ReplayLane[n];
        this.helpers = new ReplayHelper[n - 1];
        try {
            reader.skip(skipPackets);
            for (int w = 1; w < n; w++) {
                helpers[w - 1] = new ReplayHelper(options, w, "flowlens-replay-" + w + " " + file.getFileName());
            }
            lanes[0] = ReplayLane.load(options); // while the helpers load theirs
            for (int w = 1; w < n; w++) {
                lanes[w] = helpers[w - 1].awaitLoaded();
            }
        } catch (IOException | RuntimeException e) {
            release();
            throw e;
        }
        this.batch = new ReplayBatch(BATCH, n);
        this.packetsDelivered = reader.packetsRead();
    }

    public Path file() {
        return reader.file();
    }

    /** Number of workers (kernel objects) this replay runs packets on; the polling thread is one of them. */
    public int workers() {
        return lanes.length;
    }

    /**
     * Packets done so far, for checkpoints: skipped ones and those whose records were handed to the handler (or that
     * produced none), never packets only read ahead. A replay restored with this many skipped repeats nothing.
     */
    public long packetsRead() {
        return packetsDelivered;
    }

    /** The format error that ended the replay early, if any; set once every packet before it was delivered. */
    public Optional<CaptureFormatException> error() {
        return Optional.ofNullable(error);
    }

    @Override
    public int poll(CaptureHandler handler, int max) {
        int delivered = 0;
        while (!finished && delivered < max) {
            if (cursor == batch.size) {
                if (endOfFile) {
                    error = pendingError;
                    finished = true;
                    break;
                }
                readBatch();
                runBatch();
            }
            delivered += emit(handler, max - delivered);
        }
        return delivered;
    }

    /** Reads up to a batch of frames and deals them out to the workers by flow. */
    private void readBatch() {
        batch.clear();
        cursor = 0;
        announced = 0;
        while (!batch.full()) {
            try {
                if (!reader.next(frame)) {
                    endOfFile = true;
                    return;
                }
            } catch (CaptureFormatException e) {
                pendingError = e;
                endOfFile = true;
                LOG.error("{} (the {} packets before it are kept)", e.getMessage(), reader.packetsRead());
                return;
            } catch (IOException e) {
                // nothing of this batch was delivered, so packetsRead() still names where a restore resumes
                throw new UncheckedIOException("reading " + reader.file() + ": " + e.getMessage(), e);
            }
            byte[] buf = frame.buffer();
            int worker;
            if (!ProgramTestRun.kernelAccepts(buf, frame.frameLength())) {
                refusedFrames++; // too short for its own IP header: malformed, counted in counters()
                worker = ReplayBatch.REFUSED;
            } else {
                worker = FlowHash.worker(buf, frame.frameLength(), lanes.length);
            }
            batch.add(frame, worker);
        }
    }

    private void runBatch() {
        for (ReplayHelper h : helpers) {
            h.start(batch);
        }
        lanes[0].run(batch, 0);
        for (ReplayHelper h : helpers) {
            h.await();
        }
    }

    /** Hands the batch's records over in frame order, up to {@code max}; stops before a frame it cannot hand over. */
    private int emit(CaptureHandler handler, int max) {
        int delivered = 0;
        while (cursor < batch.size && delivered < max) {
            if (cursor == announced) {
                announce(handler);
            }
            int i = cursor++;
            packetsDelivered++;
            if (batch.recordLength[i] == 0) {
                continue;
            }
            long ts = batch.timestampNanos[i];
            view.wrap(batch.records(), ReplayBatch.slot(i));
            ReplayStamp.stamp(view, ts, batch.originalLength[i], batch.interfaceId[i]);
            handler.onPacket(view, ts);
            delivered++;
        }
        return delivered;
    }

    /**
     * Announces the next group of records before any of them is handed over, as RingBuffer.drain does live, so the
     * handler can start loading their flows' state (the kernel fields it keys on are final before the stamp).
     */
    private void announce(CaptureHandler handler) {
        int end = Math.min(batch.size, cursor + RingBuffer.GROUP);
        for (int j = cursor; j < end; j++) {
            if (batch.recordLength[j] != 0) {
                handler.prefetch(view.wrap(batch.records(), ReplayBatch.slot(j)));
            }
        }
        announced = end;
    }

    @Override
    public boolean isFinished() {
        return finished;
    }

    @Override
    public void awaitData(int timeoutMillis) {
        // a file is always ready: nothing to wait for
    }

    /** Kernel counters summed over the workers' objects, plus frames refused before the kernel (as packets and malformed). */
    @Override
    public CounterSnapshot counters() {
        CounterSnapshot sum = lanes[0].counters();
        for (int w = 1; w < lanes.length; w++) {
            sum = sum.plus(lanes[w].counters());
        }
        long[] v = sum.values().clone();
        v[Counter.PACKETS.ordinal()] += refusedFrames;
        v[Counter.MALFORMED.ordinal()] += refusedFrames;
        return new CounterSnapshot(v);
    }

    /** Stops and joins the helper threads, then frees every kernel object and buffer; also mid-file. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        release();
        batch.close();
    }

    /** Frees what the constructor got so far; a helper frees its own lane once its thread stopped. */
    private void release() {
        for (ReplayHelper h : helpers) {
            if (h != null) {
                h.close();
            }
        }
        if (lanes[0] != null) {
            lanes[0].close();
        }
        try {
            reader.close();
        } catch (IOException e) {
            LOG.warn("closing {}: {}", reader.file(), e.getMessage());
        }
    }
}
