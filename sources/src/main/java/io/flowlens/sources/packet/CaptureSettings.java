package io.flowlens.sources.packet;

import io.flowlens.sources.bpf.BpfObject;
import io.flowlens.sources.bpf.TcAttacher;
import io.flowlens.sources.capture.InterfaceSpec;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.Configuration;

/**
 * Everything a reader needs to capture, validated by {@link PacketSourceBuilder} and shipped with
 * the job graph.
 *
 * @param interfaces live capture spec, null when replaying files
 * @param files      capture files to replay (absolute paths), empty for live capture
 * @param duration   live capture length; null = until cancelled
 */
public record CaptureSettings(
        InterfaceSpec interfaces,
        List<String> files,
        Duration duration,
        int payloadCap,
        long ringBytes,
        long wakeupBytes,
        Duration drainInterval,
        int pollBatch,
        int replayWorkers,
        Duration interfaceRescan,
        TcAttacher.Mode attachMode,
        boolean oomTracepoint) implements Serializable {

    public boolean live() {
        return interfaces != null;
    }

    public BpfObject.Options bpfOptions() {
        return new BpfObject.Options(payloadCap, ringBytes, wakeupBytes, oomTracepoint && live());
    }

    static CaptureSettings of(InterfaceSpec interfaces, List<String> files, Duration duration, Configuration c) {
        return new CaptureSettings(interfaces, List.copyOf(files), duration,
                c.get(PacketSourceOptions.PAYLOAD_CAP),
                c.get(PacketSourceOptions.RING_BUFFER_SIZE).getBytes(),
                c.get(PacketSourceOptions.WAKEUP_THRESHOLD).getBytes(),
                c.get(PacketSourceOptions.DRAIN_INTERVAL),
                c.get(PacketSourceOptions.POLL_BATCH),
                c.get(PacketSourceOptions.REPLAY_WORKERS),
                c.get(PacketSourceOptions.INTERFACE_RESCAN),
                c.get(PacketSourceOptions.ATTACH_MODE),
                c.get(PacketSourceOptions.OOM_TRACEPOINT));
    }
}
