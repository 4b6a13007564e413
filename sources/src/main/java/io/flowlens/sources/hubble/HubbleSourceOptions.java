package io.flowlens.sources.hubble;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Tunables of {@link HubbleSource}. */
public final class HubbleSourceOptions {
    private HubbleSourceOptions() {}

    public static final ConfigOption<Duration> BACKOFF_INITIAL = ConfigOptions.key("flowlens.hubble.backoff.initial")
            .durationType().defaultValue(Duration.ofMillis(500))
            .withDescription("First wait before reconnecting to Hubble; each further attempt doubles it (with jitter) "
                    + "up to flowlens.hubble.backoff.max.");
    public static final ConfigOption<Duration> BACKOFF_MAX = ConfigOptions.key("flowlens.hubble.backoff.max")
            .durationType().defaultValue(Duration.ofSeconds(30))
            .withDescription("Longest wait between reconnect attempts.");
    public static final ConfigOption<Duration> RESUME_OVERLAP = ConfigOptions.key("flowlens.hubble.resume-overlap")
            .durationType().defaultValue(Duration.ofSeconds(2))
            .withDescription("A resumed stream asks for flows since the newest one seen less this (a relay's nodes "
                    + "deliver slightly out of order); flows seen before are skipped.");
    public static final ConfigOption<Duration> FILE_POLL = ConfigOptions.key("flowlens.hubble.file.poll")
            .durationType().defaultValue(Duration.ofMillis(200))
            .withDescription("How often a followed flows file is checked for new lines and rotation.");
    public static final ConfigOption<Duration> STATUS_INTERVAL = ConfigOptions.key("flowlens.hubble.status-interval")
            .durationType().defaultValue(Duration.ofSeconds(30))
            .withDescription("How often a reader logs its Hubble status (connected, flows, flows/s, lag, lost).");
    public static final ConfigOption<Integer> QUEUE = ConfigOptions.key("flowlens.hubble.queue")
            .intType().defaultValue(8192)
            .withDescription("Flows buffered between the stream and the reader; when full, the stream waits (gRPC "
                    + "flow control pushes back on Hubble, whose own buffer then reports lost events).");
}
