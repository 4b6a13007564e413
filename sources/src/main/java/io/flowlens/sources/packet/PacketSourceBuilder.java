package io.flowlens.sources.packet;

import io.flowlens.sources.capture.InterfaceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.configuration.Configuration;

/** Builds a {@link PacketSource}; {@link #build()} checks everything and says what to fix. */
public final class PacketSourceBuilder<T> {
    private final PacketEmitterFactory<T> emitters;
    private InterfaceSpec interfaces;
    private final List<Path> files = new ArrayList<>();
    private Duration duration;
    private Configuration config = new Configuration();

    PacketSourceBuilder(PacketEmitterFactory<T> emitters) {
        this.emitters = Objects.requireNonNull(emitters, "emitter factory");
    }

    /** Live capture on every node, on the interfaces the spec names ("eth0", "veth*,lxc*", "all"). */
    public PacketSourceBuilder<T> interfaces(String spec) {
        this.interfaces = InterfaceSpec.parse(spec);
        return this;
    }

    /** Replay capture files (pcap or pcapng) instead of capturing live. */
    public PacketSourceBuilder<T> files(List<Path> paths) {
        files.addAll(paths);
        return this;
    }

    /** Stop live capture after this long (a bounded run); default: run until cancelled. */
    public PacketSourceBuilder<T> duration(Duration d) {
        this.duration = d;
        return this;
    }

    /** Tunables from {@link PacketSourceOptions}. */
    public PacketSourceBuilder<T> configuration(Configuration c) {
        this.config = Objects.requireNonNull(c);
        return this;
    }

    public PacketSource<T> build() {
        if ((interfaces == null) == files.isEmpty()) {
            throw new IllegalArgumentException("give either interfaces to capture on or capture files to replay, not "
                    + (interfaces == null ? "neither" : "both"));
        }
        List<String> paths = new ArrayList<>();
        for (Path p : files) {
            if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                throw new IllegalArgumentException("capture file " + p + " does not exist or is not readable");
            }
            paths.add(p.toAbsolutePath().toString());
        }
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new IllegalArgumentException("capture duration must be positive, got " + duration);
        }
        if (duration != null && interfaces == null) {
            throw new IllegalArgumentException("a duration applies to live capture; a file replay ends with the file");
        }
        CaptureSettings s = CaptureSettings.of(interfaces, paths, duration, config);
        s.bpfOptions(); // validates payload cap and ring sizes with their own messages
        if (s.pollBatch() < 1) {
            throw new IllegalArgumentException(PacketSourceOptions.POLL_BATCH.key() + " must be at least 1");
        }
        if (s.replayWorkers() < 1) {
            throw new IllegalArgumentException(PacketSourceOptions.REPLAY_WORKERS.key() + " must be at least 1, got "
                    + s.replayWorkers() + " (1 replays each file on the reader's own thread)");
        }
        return new PacketSource<>(s, emitters);
    }
}
