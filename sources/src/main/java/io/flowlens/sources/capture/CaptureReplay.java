package io.flowlens.sources.capture;

import io.flowlens.sources.bpf.BpfObject;
import io.flowlens.sources.bpf.Counter;
import io.flowlens.sources.bpf.CounterSnapshot;
import io.flowlens.sources.bpf.PacketView;
import io.flowlens.sources.bpf.ProgramTestRun;
import io.flowlens.sources.bpf.RecordLayouts;
import io.flowlens.sources.bpf.ReplayStamp;
import io.flowlens.sources.bpf.RingBuffer;
import io.flowlens.sources.pcap.CaptureFileReader;
import io.flowlens.sources.pcap.CaptureFormatException;
import io.flowlens.sources.pcap.CapturedFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
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
 */
public final class CaptureReplay implements PacketCapture {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureReplay.class);

    private final CaptureFileReader reader;
    private final BpfObject obj;
    private final RingBuffer ring;
    private final ProgramTestRun run;
    private final CapturedFrame frame = new CapturedFrame();
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment copy;
    private final PacketView view = new PacketView();
    private final Stamper stamper = new Stamper();
    private long refusedFrames;
    private CaptureFormatException error;
    private boolean finished;

    /** Opens the file and loads a private copy of the kernel object (nothing is attached anywhere). */
    public CaptureReplay(Path file, BpfObject.Options options) throws IOException {
        this(file, options, 0);
    }

    /** As above, resuming after the first {@code skipPackets} packets (from a checkpoint). */
    public CaptureReplay(Path file, BpfObject.Options options, long skipPackets) throws IOException {
        this.reader = CaptureFileReader.open(file);
        try {
            reader.skip(skipPackets);
            this.obj = BpfObject.load(options.withOomTracepoint(false));
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
        this.ring = RingBuffer.of(obj);
        this.run = new ProgramTestRun(obj, BpfObject.PROG_TC_INGRESS);
        this.copy = arena.allocate(PacketView.SIZE + RecordLayouts.PAYLOAD_MAX, 8);
    }

    public Path file() {
        return reader.file();
    }

    /** Packets read from the file so far (including skipped ones), for checkpoints. */
    public long packetsRead() {
        return reader.packetsRead();
    }

    /** The format error that ended the replay early, if any. */
    public Optional<CaptureFormatException> error() {
        return Optional.ofNullable(error);
    }

    @Override
    public int poll(CaptureHandler handler, int max) {
        int delivered = 0;
        stamper.target = handler;
        while (!finished && delivered < max) {
            if (!nextFrame()) {
                break;
            }
            byte[] buf = frame.buffer();
            if (!ProgramTestRun.kernelAccepts(buf, frame.frameLength())) {
                refusedFrames++; // too short for its own IP header: malformed, counted below
                continue;
            }
            run.run(buf, frame.frameLength(), frame.wireLength());
            delivered += ring.drain(stamper, Integer.MAX_VALUE);
        }
        return delivered;
    }

    private boolean nextFrame() {
        try {
            if (reader.next(frame)) {
                return true;
            }
        } catch (CaptureFormatException e) {
            error = e;
            LOG.error("{} (the {} packets before it are kept)", e.getMessage(), reader.packetsRead());
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + reader.file() + ": " + e.getMessage(), e);
        }
        finished = true;
        return false;
    }

    /** Copies each record out of the read-only ring and stamps what the capture knows better than the kernel. */
    private final class Stamper implements RingBuffer.RecordHandler {
        CaptureHandler target;

        @Override
        public void onRecord(MemorySegment data, long offset, int length) {
            if (PacketView.recordType(data, offset) != RecordLayouts.REC_PACKET || length > copy.byteSize()) {
                return;
            }
            MemorySegment.copy(data, offset, copy, 0, length);
            view.wrap(copy, 0);
            ReplayStamp.stamp(view, frame.timestampNanos(), frame.originalLength(), frame.interfaceId());
            target.onPacket(view, frame.timestampNanos());
        }
    }

    @Override
    public boolean isFinished() {
        return finished;
    }

    @Override
    public void awaitData(int timeoutMillis) {
        // a file is always ready: nothing to wait for
    }

    /** Kernel counters plus frames refused before the kernel (as packets and malformed). */
    @Override
    public CounterSnapshot counters() {
        long[] v = obj.counters().values().clone();
        v[Counter.PACKETS.ordinal()] += refusedFrames;
        v[Counter.MALFORMED.ordinal()] += refusedFrames;
        return new CounterSnapshot(v);
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            LOG.warn("closing {}: {}", reader.file(), e.getMessage());
        }
        run.close();
        ring.close();
        obj.close();
        arena.close();
    }
}
