package io.flowlens.sources.system.reader;

import io.flowlens.sources.NodeName;
import io.flowlens.sources.StopSignal;
import io.flowlens.sources.capture.NodeOomKills;
import io.flowlens.sources.system.SystemMetrics;
import io.flowlens.sources.system.SystemSampler;
import io.flowlens.sources.system.split.SystemMetricsSplit;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples this node at every boundary of the window grid and emits one {@link SystemMetrics} per
 * window, event time = window start. The first boundary after the split arrives only takes a
 * baseline, so every emitted window is a whole one. Sampling (file I/O, ~1 ms) runs on a timer
 * thread that queues the record and completes the availability future; pollNext only hands queued
 * records on, so the task's mailbox thread never sleeps or reads /proc.
 */
public final class SystemMetricsSourceReader implements SourceReader<SystemMetrics, SystemMetricsSplit> {
    private static final Logger LOG = LoggerFactory.getLogger(SystemMetricsSourceReader.class);

    private final SourceReaderContext context;
    private final long windowMillis;
    private final long durationMillis;
    /** Set when the split arrives, before the timer thread first reads it. */
    private volatile long endMillis;
    private final ScheduledExecutorService timer;
    private final Queue<SystemMetrics> ready = new ConcurrentLinkedQueue<>();

    private volatile CompletableFuture<Void> available = new CompletableFuture<>();
    private volatile boolean samplingDone;
    private volatile Throwable failure;
    private boolean hasSplit;
    private boolean noMoreSplits;

    // touched only by the timer thread
    private SystemSampler sampler;
    private long windowStart;
    /** The node's OOM kill count when the current window began. */
    private long oomKillsBefore;

    /** A reader bounded by an end time only; see {@link #SystemMetricsSourceReader(SourceReaderContext, long, long, long)}. */
    public SystemMetricsSourceReader(SourceReaderContext context, long windowMillis, long endMillis) {
        this(context, windowMillis, endMillis, Long.MAX_VALUE);
    }

    /**
     * @param endMillis windows that would end after this (ms since the epoch) are not sampled, and the
     *                  reader then finishes; Long.MAX_VALUE for an unbounded run
     * @param durationMillis the same, counted from the split's arrival; Long.MAX_VALUE when not set
     */
    public SystemMetricsSourceReader(SourceReaderContext context, long windowMillis, long endMillis, long durationMillis) {
        this.context = context;
        this.windowMillis = windowMillis;
        this.endMillis = endMillis;
        this.durationMillis = durationMillis;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "flowlens-system-sampler-" + context.getIndexOfSubtask());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void start() {}

    @Override
    public InputStatus pollNext(ReaderOutput<SystemMetrics> output) {
        SystemMetrics m = ready.poll();
        if (m != null) {
            output.collect(m, m.windowStartMillis);
            return InputStatus.MORE_AVAILABLE;
        }
        if (available.isDone()) {
            available = new CompletableFuture<>();
        }
        // checked after the reset: the timer queues first and completes the future second, so nothing is missed
        if (failure != null) {
            throw new IllegalStateException("sampling system metrics on " + context.getLocalHostName() + " failed: "
                    + failure.getMessage(), failure);
        }
        if (!ready.isEmpty()) {
            return InputStatus.MORE_AVAILABLE;
        }
        if (hasSplit ? samplingDone : noMoreSplits) {
            return InputStatus.END_OF_INPUT;
        }
        return InputStatus.NOTHING_AVAILABLE;
    }

    @Override
    public void addSplits(List<SystemMetricsSplit> splits) {
        for (SystemMetricsSplit s : splits) {
            if (hasSplit) {
                LOG.warn("already sampling this node; ignoring {}", s);
                continue;
            }
            hasSplit = true;
            String here = context.getLocalHostName();
            if (!s.host().equals(here)) {
                LOG.warn("system metrics split for host {} runs on {}: sampling and naming this host", s.host(), here);
            }
            long now = System.currentTimeMillis();
            if (durationMillis != Long.MAX_VALUE) {
                endMillis = Math.min(endMillis, now + durationMillis);
            }
            long firstBoundary = Math.ceilDiv(now, windowMillis) * windowMillis;
            if (firstBoundary + windowMillis > endMillis) {
                LOG.info("no whole {} ms window before the end time: sampling nothing", windowMillis);
                finish();
            } else {
                scheduleAt(firstBoundary, () -> baseline(firstBoundary));
            }
        }
    }

    private void baseline(long boundary) {
        sampler = new SystemSampler();
        oomKillsBefore = NodeOomKills.total();
        windowStart = boundary;
        scheduleAt(windowStart + windowMillis, this::tick);
    }

    private void tick() {
        long now = System.currentTimeMillis();
        if (now - (windowStart + windowMillis) >= windowMillis) {
            // late by a whole window (a paused VM, a long GC): the deltas span several windows and belong to none
            sampler.sample();
            long skippedTo = now / windowMillis * windowMillis;
            LOG.warn("system metrics sampling was {} ms late; windows {}..{} are missing", now - windowStart - windowMillis,
                    windowStart, skippedTo);
            windowStart = skippedTo;
        } else {
            SystemMetrics m = sampler.sample();
            m.host = NodeName.of(context.getLocalHostName());
            m.windowStartMillis = windowStart;
            long kills = NodeOomKills.total();
            m.oomKills = kills - oomKillsBefore;
            oomKillsBefore = kills;
            ready.add(m);
            windowStart += windowMillis;
            available.complete(null);
        }
        if (windowStart + windowMillis > endMillis || StopSignal.requested()) {
            finish();
        } else {
            scheduleAt(windowStart + windowMillis, this::tick);
        }
    }

    /** Runs the step at wall-clock time {@code atMillis}, not before (the executor's clock is nanoTime). */
    private void scheduleAt(long atMillis, Runnable step) {
        long delay = atMillis - System.currentTimeMillis();
        Runnable guarded = () -> {
            try {
                if (System.currentTimeMillis() < atMillis) {
                    scheduleAt(atMillis, step);
                } else {
                    step.run();
                }
            } catch (Throwable t) {
                failure = t;
                available.complete(null);
            }
        };
        timer.schedule(guarded, Math.max(0, delay), TimeUnit.MILLISECONDS);
    }

    private void finish() {
        samplingDone = true;
        available.complete(null);
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return available;
    }

    /** Nothing to checkpoint: after a restore the enumerator hands the node's split out afresh. */
    @Override
    public List<SystemMetricsSplit> snapshotState(long checkpointId) {
        return List.of();
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        available.complete(null);
    }

    @Override
    public void close() throws Exception {
        timer.shutdownNow();
        timer.awaitTermination(5, TimeUnit.SECONDS);
    }
}
