package io.flowlens.sources.hubble.reader;

import io.flowlens.sources.StopSignal;
import io.flowlens.sources.hubble.HubbleConnection;
import io.flowlens.sources.hubble.HubbleFileTail;
import io.flowlens.sources.hubble.HubbleFlow;
import io.flowlens.sources.hubble.HubbleGrpcFollower;
import io.flowlens.sources.hubble.HubbleSettings;
import io.flowlens.sources.hubble.HubbleStatus;
import io.flowlens.sources.hubble.split.HubbleSplit;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads its split's Hubble stream on a thread of its own (gRPC follow with reconnects, or a file followed or read to
 * its end) and hands the flows on, event time = Hubble's flow time. The thread waits when the queue is full, so a
 * slow job pushes back on the stream rather than buffering without bound. The split's position (newest flow time,
 * or file offset) is checkpointed as of the last flow emitted: after a restore, a stream resumes a little before it
 * (flows in that overlap may come twice, which only repeats context, never a count), a file at the offset.
 */
public final class HubbleSourceReader implements SourceReader<HubbleFlow, HubbleSplit> {
    private static final Logger LOG = LoggerFactory.getLogger(HubbleSourceReader.class);

    /** A flow and the split position just after it. */
    private record Fetched(HubbleFlow flow, long position) {}

    private final SourceReaderContext context;
    private final HubbleSettings settings;
    private final HubbleStatus status;
    private final BlockingQueue<Fetched> queue;

    private volatile CompletableFuture<Void> available = new CompletableFuture<>();
    private volatile boolean fetchDone;
    private volatile Throwable failure;
    private volatile AutoCloseable fetcher;
    private Thread thread;
    private HubbleSplit split;
    private long emittedPosition;
    private boolean noMoreSplits;

    public HubbleSourceReader(SourceReaderContext context, HubbleSettings settings) {
        this.context = context;
        this.settings = settings;
        this.status = new HubbleStatus(settings.name());
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        status.register(context.metricGroup());
    }

    /** The reader's status (connected, flows, lost events...). */
    public HubbleStatus status() {
        return status;
    }

    @Override
    public void start() {}

    @Override
    public InputStatus pollNext(ReaderOutput<HubbleFlow> output) {
        Fetched f = queue.poll();
        if (f != null) {
            // a file's offset moves on line by line (and starts again in a rotated file); a stream's position is
            // the newest flow time emitted, which a relay's slightly unordered flows must not move back
            emittedPosition = split.kind() == HubbleSplit.Kind.FILE ? f.position : Math.max(emittedPosition, f.position);
            output.collect(f.flow, f.flow.timeMillis());
            return InputStatus.MORE_AVAILABLE;
        }
        if (available.isDone()) {
            available = new CompletableFuture<>();
        }
        // checked after the reset: the fetcher queues first and completes the future second, so nothing is missed
        if (!queue.isEmpty()) {
            return InputStatus.MORE_AVAILABLE;
        }
        if (failure != null) {
            throw new IllegalStateException("reading Hubble flows from " + settings.name() + " failed: "
                    + failure.getMessage(), failure);
        }
        if (split != null ? fetchDone : noMoreSplits) {
            return InputStatus.END_OF_INPUT;
        }
        return InputStatus.NOTHING_AVAILABLE;
    }

    @Override
    public void addSplits(List<HubbleSplit> splits) {
        for (HubbleSplit s : splits) {
            if (split != null) {
                LOG.warn("already reading {}; ignoring {}", split.splitId(), s.splitId());
                continue;
            }
            split = s;
            emittedPosition = s.position();
            thread = new Thread(() -> fetch(s), "flowlens-hubble-" + context.getIndexOfSubtask());
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void fetch(HubbleSplit s) {
        long deadline = settings.durationMillis() == Long.MAX_VALUE ? Long.MAX_VALUE
                : System.currentTimeMillis() + settings.durationMillis();
        // a file read to its end stops by itself; a stream or a followed file stops at the deadline or on Ctrl-C
        Thread stopper = s.kind() == HubbleSplit.Kind.FILE && !settings.followFile() ? null : stopper(deadline);
        try {
            if (s.kind() == HubbleSplit.Kind.FILE) {
                HubbleFileTail tail = new HubbleFileTail(Path.of(s.target()), s.position(), settings.followFile(),
                        settings.filePollMillis(), status);
                fetcher = tail;
                tail.run((flow, offset) -> put(new Fetched(flow, offset)));
            } else {
                HubbleConnection c = settings.connection();
                HubbleGrpcFollower follower = new HubbleGrpcFollower(c, status, s.position(),
                        settings.backoffInitialMillis(), settings.backoffMaxMillis(),
                        settings.resumeOverlapMillis() * 1_000_000L, settings.statusIntervalMillis());
                fetcher = follower;
                follower.run(flow -> put(new Fetched(flow, flow.timeNanos)));
            }
            LOG.info("{}", status);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure = t;
        } finally {
            if (stopper != null) {
                stopper.interrupt();
            }
            fetchDone = true;
            available.complete(null);
        }
    }

    /** Ends the fetcher at the deadline or when the run is asked to stop (Ctrl-C), whichever comes first. */
    private Thread stopper(long deadline) {
        Thread t = new Thread(() -> {
            try {
                while (System.currentTimeMillis() < deadline && !StopSignal.requested()) {
                    Thread.sleep(Math.min(200, Math.max(1, deadline - System.currentTimeMillis())));
                }
                closeFetcher();
            } catch (InterruptedException done) {
                // the fetcher finished first
            }
        }, "flowlens-hubble-stop-" + context.getIndexOfSubtask());
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void put(Fetched f) throws InterruptedException {
        while (!queue.offer(f, 200, TimeUnit.MILLISECONDS)) {
            if (fetcher == null) {
                return;
            }
        }
        available.complete(null);
    }

    private void closeFetcher() {
        AutoCloseable f = fetcher;
        if (f != null) {
            try {
                f.close();
            } catch (Exception e) {
                LOG.debug("closing the Hubble fetcher: {}", e.toString());
            }
        }
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return available;
    }

    @Override
    public List<HubbleSplit> snapshotState(long checkpointId) {
        return split == null ? List.of() : List.of(split.at(emittedPosition));
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        available.complete(null);
    }

    @Override
    public void close() throws Exception {
        closeFetcher();
        fetcher = null;
        if (thread != null) {
            thread.interrupt();
            thread.join(5_000);
        }
    }
}
