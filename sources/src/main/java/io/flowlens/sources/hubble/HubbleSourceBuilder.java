package io.flowlens.sources.hubble;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.configuration.Configuration;

/** Builds a {@link HubbleSource}; {@link #build()} checks everything and says what to fix. */
public final class HubbleSourceBuilder {
    private Configuration config = new Configuration();
    private HubbleConnection connection;
    private Path file;
    private boolean follow = true;
    private Duration duration;

    HubbleSourceBuilder() {}

    /** Read Hubble's Observer stream at this address (relay {@code host:port} or {@code unix:///path}). */
    public HubbleSourceBuilder connection(HubbleConnection c) {
        this.connection = Objects.requireNonNull(c, "connection");
        return this;
    }

    /**
     * Read a JSON-lines flows file.
     *
     * @param followIt keep following it as it grows and rotates (live); false: read it to its end (replay)
     */
    public HubbleSourceBuilder file(Path f, boolean followIt) {
        this.file = Objects.requireNonNull(f, "file");
        this.follow = followIt;
        return this;
    }

    /** Stop reading this long after a reader starts (a bounded live run). */
    public HubbleSourceBuilder duration(Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("Hubble duration must be positive, got " + d);
        }
        this.duration = d;
        return this;
    }

    /** Tunables from {@link HubbleSourceOptions}. */
    public HubbleSourceBuilder configuration(Configuration c) {
        this.config = Objects.requireNonNull(c, "configuration");
        return this;
    }

    public HubbleSource build() {
        if ((connection == null) == (file == null)) {
            throw new IllegalArgumentException("give the Hubble source either an address or a flows file (one of them)");
        }
        if (file != null && !follow && !Files.isReadable(file)) {
            throw new IllegalArgumentException("Hubble flows file " + file + " does not exist or is not readable");
        }
        long initial = positiveMillis(HubbleSourceOptions.BACKOFF_INITIAL);
        long max = positiveMillis(HubbleSourceOptions.BACKOFF_MAX);
        if (max < initial) {
            throw new IllegalArgumentException(HubbleSourceOptions.BACKOFF_MAX.key() + " (" + max + " ms) is below "
                    + HubbleSourceOptions.BACKOFF_INITIAL.key() + " (" + initial + " ms)");
        }
        long overlap = config.get(HubbleSourceOptions.RESUME_OVERLAP).toMillis();
        if (overlap < 0) {
            throw new IllegalArgumentException(HubbleSourceOptions.RESUME_OVERLAP.key() + " must not be negative");
        }
        int queue = config.get(HubbleSourceOptions.QUEUE);
        if (queue < 1) {
            throw new IllegalArgumentException(HubbleSourceOptions.QUEUE.key() + " must be at least 1, got " + queue);
        }
        return new HubbleSource(new HubbleSettings(connection, file == null ? null : file.toString(), follow,
                duration == null ? Long.MAX_VALUE : duration.toMillis(), initial, max, overlap,
                positiveMillis(HubbleSourceOptions.FILE_POLL), positiveMillis(HubbleSourceOptions.STATUS_INTERVAL), queue));
    }

    private long positiveMillis(org.apache.flink.configuration.ConfigOption<Duration> o) {
        long ms = config.get(o).toMillis();
        if (ms <= 0) {
            throw new IllegalArgumentException(o.key() + " must be a positive duration, got " + config.get(o));
        }
        return ms;
    }
}
