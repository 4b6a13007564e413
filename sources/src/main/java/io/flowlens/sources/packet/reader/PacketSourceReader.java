package io.flowlens.sources.packet.reader;

import io.flowlens.sources.NodeName;
import io.flowlens.sources.StopSignal;
import io.flowlens.sources.bpf.Counter;
import io.flowlens.sources.bpf.CounterSnapshot;
import io.flowlens.sources.bpf.PacketView;
import io.flowlens.sources.capture.CaptureHandler;
import io.flowlens.sources.capture.CaptureReplay;
import io.flowlens.sources.capture.LiveCapture;
import io.flowlens.sources.capture.NodeOomKills;
import io.flowlens.sources.capture.OomKill;
import io.flowlens.sources.capture.PacketCapture;
import io.flowlens.sources.packet.CaptureSettings;
import io.flowlens.sources.packet.PacketEmitter;
import io.flowlens.sources.packet.split.PacketSplit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one capture split at a time: live capture on this node, or a file replay. pollNext drains a
 * bounded batch and never blocks the task's mailbox thread; waiting for the kernel (a timer, or an
 * early wake-up past the ring's fill threshold) happens on a helper thread that completes the
 * availability future.
 */
public final class PacketSourceReader<T> implements SourceReader<T, PacketSplit> {
    private static final Logger LOG = LoggerFactory.getLogger(PacketSourceReader.class);
    private static final long COUNTER_REFRESH_NANOS = 1_000_000_000L;

    private final SourceReaderContext context;
    private final CaptureSettings settings;
    private final PacketEmitter<T> emitter;
    private final Deque<PacketSplit> pending = new ArrayDeque<>();
    private final Dispatch dispatch = new Dispatch();
    private final ExecutorService waiter;
    private final CaptureMetrics metrics;

    private PacketCapture capture;
    private PacketSplit split;
    private long liveDeadlineNanos = Long.MAX_VALUE;
    private boolean noMoreSplits;
    private boolean splitRequested;
    private CompletableFuture<Void> available = new CompletableFuture<>();
    private long lastCounterRefresh;

    public PacketSourceReader(SourceReaderContext context, CaptureSettings settings, PacketEmitter<T> emitter) {
        this.context = context;
        this.settings = settings;
        this.emitter = emitter;
        this.waiter = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "flowlens-capture-wait-" + context.getIndexOfSubtask());
            t.setDaemon(true);
            return t;
        });
        this.metrics = new CaptureMetrics(context.metricGroup());
    }

    @Override
    public void start() {
        if (!settings.live()) {
            requestSplit();
        }
    }

    private void requestSplit() {
        if (!splitRequested && !noMoreSplits) {
            splitRequested = true;
            context.sendSplitRequest();
        }
    }

    @Override
    public InputStatus pollNext(ReaderOutput<T> output) {
        if (capture == null) {
            if (!pending.isEmpty()) {
                open(pending.poll());
                output.markActive(); // a reader that waited for its split may have been idled by Flink meanwhile
            } else if (noMoreSplits || settings.live() && StopSignal.requested()) {
                return InputStatus.END_OF_INPUT;
            } else {
                requestSplit();
                resetAvailability();
                return InputStatus.NOTHING_AVAILABLE;
            }
        }
        dispatch.output = output;
        int n = capture.poll(dispatch, settings.pollBatch());
        metrics.records(n);
        refreshCounters(false);
        boolean liveOver = settings.live() && (System.nanoTime() >= liveDeadlineNanos || StopSignal.requested());
        if (capture.isFinished() || liveOver) {
            if (liveOver) {
                while (capture.poll(dispatch, settings.pollBatch()) > 0) {
                    // the duration is over: take what the kernel queued until now
                }
            }
            finishSplit(output);
            return InputStatus.MORE_AVAILABLE;
        }
        if (n > 0 || !settings.live()) {
            return InputStatus.MORE_AVAILABLE;
        }
        Instant now = Instant.now();
        emitter.onIdle(now.getEpochSecond() * 1_000_000_000L + now.getNano(), output);
        resetAvailability();
        PacketCapture c = capture;
        long waitMs = Math.max(1, Math.min(settings.drainInterval().toMillis(), (liveDeadlineNanos - System.nanoTime()) / 1_000_000));
        CompletableFuture<Void> f = available;
        waiter.execute(() -> {
            try {
                c.awaitData((int) waitMs);
            } catch (RuntimeException e) {
                LOG.debug("waiting for capture data: {}", e.getMessage());
            } finally {
                f.complete(null);
            }
        });
        return InputStatus.NOTHING_AVAILABLE;
    }

    private void open(PacketSplit s) {
        split = s;
        if (s.kind() == PacketSplit.Kind.LIVE) {
            String here = context.getLocalHostName();
            if (!s.target().equals(here)) {
                LOG.warn("capture split for host {} runs on {}: capturing this host's interfaces", s.target(), here);
            }
            capture = LiveCapture.start(settings.interfaces(), settings.bpfOptions(), settings.attachMode(), settings.interfaceRescan());
            liveDeadlineNanos = settings.duration() == null ? Long.MAX_VALUE : System.nanoTime() + settings.duration().toNanos();
            LOG.info("live capture on {} ({}): {}", NodeName.of(here), settings.interfaces(), ((LiveCapture) capture).interfaces());
        } else {
            try {
                capture = new CaptureReplay(Path.of(s.target()), settings.bpfOptions(), s.packetsDone(), settings.replayWorkers());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot replay " + s.target() + ": " + e.getMessage(), e);
            }
            LOG.info("replaying {}{}", s.target(), s.packetsDone() > 0 ? " from packet " + s.packetsDone() : "");
        }
        emitter.restore(s.emitterState());
        metrics.attach(capture);
    }

    private void finishSplit(ReaderOutput<T> output) {
        emitter.flush(output);
        refreshCounters(true);
        CounterSnapshot c = capture.counters();
        LOG.info("finished {}: {}", split, c);
        if (capture instanceof CaptureReplay r) {
            r.error().ifPresent(e -> LOG.error("{} ended early: {}", split.target(), e.getMessage()));
        }
        closeCapture();
        split = null;
        splitRequested = false;
        if (!settings.live()) {
            requestSplit();
        }
    }

    private void refreshCounters(boolean force) {
        long now = System.nanoTime();
        if (capture != null && (force || now - lastCounterRefresh > COUNTER_REFRESH_NANOS)) {
            lastCounterRefresh = now;
            CounterSnapshot c = capture.counters();
            metrics.update(c);
            if (metrics.newDrops(c) > 0) {
                LOG.warn("ring buffer full: {} packet records dropped so far on this node (raise {} or the drain rate)",
                        c.get(Counter.RINGBUF_DROPS), "flowlens.capture.ring-buffer-size");
            }
        }
    }

    private void resetAvailability() {
        if (available.isDone()) {
            available = new CompletableFuture<>();
        }
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return available;
    }

    @Override
    public List<PacketSplit> snapshotState(long checkpointId) {
        List<PacketSplit> out = new ArrayList<>();
        if (split != null && capture instanceof CaptureReplay r) {
            out.add(split.withProgress(r.packetsRead(), emitter.snapshot()));
        }
        for (PacketSplit s : pending) {
            if (s.kind() == PacketSplit.Kind.FILE) {
                out.add(s); // live splits are handed out afresh after a restore (see PacketEnumeratorState)
            }
        }
        return out;
    }

    @Override
    public void addSplits(List<PacketSplit> splits) {
        pending.addAll(splits);
        splitRequested = false;
        available.complete(null);
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        available.complete(null);
    }

    @Override
    public void close() throws Exception {
        waiter.shutdownNow();
        waiter.awaitTermination(5, TimeUnit.SECONDS);
        closeCapture();
    }

    private void closeCapture() {
        if (capture != null) {
            capture.close();
            capture = null;
        }
    }

    /** Forwards capture callbacks to the emitter with the current output. */
    private final class Dispatch implements CaptureHandler {
        ReaderOutput<T> output;

        @Override
        public void onPacket(PacketView packet, long epochNanos) {
            emitter.onPacket(packet, epochNanos, output);
        }

        @Override
        public void prefetch(PacketView packet) {
            emitter.prefetch(packet);
        }

        @Override
        public void onOomKill(OomKill kill) {
            LOG.warn("OOM kill on this node: pid {} ({})", kill.pid(), kill.command());
            NodeOomKills.record();
            emitter.onOomKill(kill, output);
        }
    }
}
