package io.flowlens.sources.packet;

import io.flowlens.sources.bpf.TcAttacher;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

/** Tunables of {@link PacketSource}, each with its default and what it trades. */
public final class PacketSourceOptions {
    private PacketSourceOptions() {}

    public static final ConfigOption<MemorySize> RING_BUFFER_SIZE = ConfigOptions.key("flowlens.capture.ring-buffer-size")
            .memoryType().defaultValue(MemorySize.parse("16m"))
            .withDescription("Kernel ring buffer per node (a power of two). Larger absorbs longer bursts before drops.");

    public static final ConfigOption<MemorySize> WAKEUP_THRESHOLD = ConfigOptions.key("flowlens.capture.wakeup-threshold")
            .memoryType().defaultValue(MemorySize.parse("4m"))
            .withDescription("Queued bytes after which the kernel wakes the reader early; below it the reader drains on its timer.");

    public static final ConfigOption<Duration> DRAIN_INTERVAL = ConfigOptions.key("flowlens.capture.drain-interval")
            .durationType().defaultValue(Duration.ofMillis(20))
            .withDescription("How often the reader drains the ring when the kernel has not woken it. Wake-ups cost far more than records.");

    public static final ConfigOption<Integer> PAYLOAD_CAP = ConfigOptions.key("flowlens.capture.payload-cap")
            .intType().defaultValue(256)
            .withDescription("Payload bytes exported per L7 message start (1..256). Bulk data segments export none. The "
                    + "default holds the first header blocks of grpc-java calls (140 bytes with their frame header), "
                    + "which HPACK must see whole.");

    public static final ConfigOption<Integer> POLL_BATCH = ConfigOptions.key("flowlens.capture.poll-batch")
            .intType().defaultValue(4096)
            .withDescription("Records handled per pollNext call, so the task's mailbox thread stays responsive.");

    public static final ConfigOption<Integer> REPLAY_WORKERS = ConfigOptions.key("flowlens.capture.replay-workers")
            .intType().defaultValue(2)
            .withDescription("Kernel objects and threads one file replay runs packets on (at most the cores): one core makes "
                    + "about 400 k BPF_PROG_TEST_RUN calls/s. Each costs one object load (~0.2 s) per file; with as many "
                    + "replaying readers as cores, 1 is enough.");

    public static final ConfigOption<Duration> INTERFACE_RESCAN = ConfigOptions.key("flowlens.capture.interface-rescan")
            .durationType().defaultValue(Duration.ofMillis(250))
            .withDescription("How often globs and 'all' are re-evaluated to attach to new interfaces and release vanished ones.");

    public static final ConfigOption<TcAttacher.Mode> ATTACH_MODE = ConfigOptions.key("flowlens.capture.attach-mode")
            .enumType(TcAttacher.Mode.class).defaultValue(TcAttacher.Mode.AUTO)
            .withDescription("AUTO: TCX links where the kernel has them (>= 6.6), else clsact + cls_bpf. TCX or CLSACT force one.");

    public static final ConfigOption<Boolean> OOM_TRACEPOINT = ConfigOptions.key("flowlens.capture.oom-tracepoint")
            .booleanType().defaultValue(true)
            .withDescription("Count OOM kills with the oom/mark_victim tracepoint (live capture).");
}
