package io.flowlens.sources.packet;

import io.flowlens.sources.NodeName;
import io.flowlens.sources.packet.enumerator.PacketEnumeratorState;
import io.flowlens.sources.packet.enumerator.PacketEnumeratorStateSerializer;
import io.flowlens.sources.packet.enumerator.PacketSplitEnumerator;
import io.flowlens.sources.packet.reader.PacketSourceReader;
import io.flowlens.sources.packet.split.PacketSplit;
import io.flowlens.sources.packet.split.PacketSplitSerializer;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * FLIP-27 source of packet records: live eBPF capture (one split per node) or replay of capture
 * files through the same kernel program. Build one with {@link #builder}.
 *
 * @param <T> what the reader-side {@link PacketEmitter} makes of packets
 */
public final class PacketSource<T> implements Source<T, PacketSplit, PacketEnumeratorState>, ResultTypeQueryable<T> {
    private final CaptureSettings settings;
    private final PacketEmitterFactory<T> emitters;

    PacketSource(CaptureSettings settings, PacketEmitterFactory<T> emitters) {
        this.settings = settings;
        this.emitters = emitters;
    }

    public static <T> PacketSourceBuilder<T> builder(PacketEmitterFactory<T> emitters) {
        return new PacketSourceBuilder<>(emitters);
    }

    public CaptureSettings settings() {
        return settings;
    }

    @Override
    public Boundedness getBoundedness() {
        return settings.live() && settings.duration() == null ? Boundedness.CONTINUOUS_UNBOUNDED : Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<T, PacketSplit> createReader(SourceReaderContext ctx) {
        return new PacketSourceReader<>(ctx, settings, emitters.create(NodeName.of(ctx.getLocalHostName())));
    }

    @Override
    public SplitEnumerator<PacketSplit, PacketEnumeratorState> createEnumerator(SplitEnumeratorContext<PacketSplit> ctx) {
        List<PacketSplit> files = settings.files().stream().map(PacketSplit::file).toList();
        return new PacketSplitEnumerator(ctx, settings.live(), new PacketEnumeratorState(files));
    }

    @Override
    public SplitEnumerator<PacketSplit, PacketEnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<PacketSplit> ctx, PacketEnumeratorState state) {
        return new PacketSplitEnumerator(ctx, settings.live(), state);
    }

    @Override
    public SimpleVersionedSerializer<PacketSplit> getSplitSerializer() {
        return PacketSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<PacketEnumeratorState> getEnumeratorCheckpointSerializer() {
        return new PacketEnumeratorStateSerializer();
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return emitters.producedType();
    }
}
