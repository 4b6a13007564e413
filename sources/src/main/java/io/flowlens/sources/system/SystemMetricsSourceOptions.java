package io.flowlens.sources.system;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Tunables of {@link SystemMetricsSource}. */
public final class SystemMetricsSourceOptions {
    private SystemMetricsSourceOptions() {}

    public static final ConfigOption<Duration> WINDOW = ConfigOptions.key("flowlens.system.window")
            .durationType().defaultValue(Duration.ofSeconds(5))
            .withDescription("Window grid of the metrics (windows start at multiples of it since the epoch, like "
                    + "Flink's tumbling windows); one sample per node per window. Whole milliseconds, at least 100 ms.");
}
