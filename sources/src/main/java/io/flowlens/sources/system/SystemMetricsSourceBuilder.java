package io.flowlens.sources.system;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.apache.flink.configuration.Configuration;

/** Builds a {@link SystemMetricsSource}; {@link #build()} checks everything and says what to fix. */
public final class SystemMetricsSourceBuilder {
    /** Sampling costs ~1 ms of CPU (SystemSamplerCostBench); below this it would stop being negligible. */
    private static final Duration MIN_WINDOW = Duration.ofMillis(100);

    private Configuration config = new Configuration();
    private Duration window;
    private Instant end;
    private Duration duration;

    SystemMetricsSourceBuilder() {}

    /** Window grid (default {@link SystemMetricsSourceOptions#WINDOW}); use the job's window so the two join. */
    public SystemMetricsSourceBuilder window(Duration w) {
        this.window = Objects.requireNonNull(w, "window");
        return this;
    }

    /** Make the run bounded: the last window emitted is the last one that ends by this time. */
    public SystemMetricsSourceBuilder endAt(Instant t) {
        this.end = Objects.requireNonNull(t, "end time");
        return this;
    }

    /**
     * Make the run bounded by a duration counted from when the reader starts sampling, as a live capture counts its
     * duration from its attach (an instant fixed when the job is built would cut off the last windows of a job that
     * took long to start). With {@link #endAt} too, the earlier end wins.
     */
    public SystemMetricsSourceBuilder duration(Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("system metrics duration must be positive, got " + d);
        }
        this.duration = d;
        return this;
    }

    /** Tunables from {@link SystemMetricsSourceOptions}; an explicit {@link #window} wins. */
    public SystemMetricsSourceBuilder configuration(Configuration c) {
        this.config = Objects.requireNonNull(c, "configuration");
        return this;
    }

    public SystemMetricsSource build() {
        Duration w = window != null ? window : config.get(SystemMetricsSourceOptions.WINDOW);
        if (w.compareTo(MIN_WINDOW) < 0) {
            throw new IllegalArgumentException("system metrics window must be at least " + MIN_WINDOW.toMillis()
                    + " ms, got " + w.toMillis() + " ms (" + SystemMetricsSourceOptions.WINDOW.key() + ")");
        }
        if (w.toNanos() % 1_000_000 != 0) {
            throw new IllegalArgumentException("system metrics window must be whole milliseconds, got " + w);
        }
        return new SystemMetricsSource(w.toMillis(), end == null ? Long.MAX_VALUE : end.toEpochMilli(),
                duration == null ? Long.MAX_VALUE : duration.toMillis());
    }
}
