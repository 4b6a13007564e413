package io.flowlens.sources.hubble;

import io.flowlens.sources.hubble.enumerator.HubbleEnumeratorState;
import io.flowlens.sources.hubble.enumerator.HubbleEnumeratorStateSerializer;
import io.flowlens.sources.hubble.enumerator.HubbleSplitEnumerator;
import io.flowlens.sources.hubble.reader.HubbleSourceReader;
import io.flowlens.sources.hubble.split.HubbleSplit;
import io.flowlens.sources.hubble.split.HubbleSplitSerializer;
import java.util.Set;
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
 * FLIP-27 source of {@link HubbleFlow}s from Cilium Hubble: hubble-relay's Observer stream (one split for the
 * cluster), each node's local Hubble socket (one split per node), or a JSON-lines flows file (one split). Event time
 * is Hubble's flow time. Build one with {@link #builder()}.
 */
public final class HubbleSource implements Source<HubbleFlow, HubbleSplit, HubbleEnumeratorState>,
        ResultTypeQueryable<HubbleFlow> {
    private final HubbleSettings settings;

    HubbleSource(HubbleSettings settings) {
        this.settings = settings;
    }

    public static HubbleSourceBuilder builder() {
        return new HubbleSourceBuilder();
    }

    public HubbleSettings settings() {
        return settings;
    }

    private HubbleSplit.Kind kind() {
        if (settings.file() != null) {
            return HubbleSplit.Kind.FILE;
        }
        return settings.connection().isSocket() ? HubbleSplit.Kind.SOCKET : HubbleSplit.Kind.RELAY;
    }

    private String target() {
        return settings.file() != null ? settings.file() : settings.connection().address();
    }

    @Override
    public Boundedness getBoundedness() {
        boolean bounded = settings.file() != null && !settings.followFile() || settings.durationMillis() != Long.MAX_VALUE;
        return bounded ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SourceReader<HubbleFlow, HubbleSplit> createReader(SourceReaderContext ctx) {
        return new HubbleSourceReader(ctx, settings);
    }

    @Override
    public SplitEnumerator<HubbleSplit, HubbleEnumeratorState> createEnumerator(SplitEnumeratorContext<HubbleSplit> ctx) {
        return new HubbleSplitEnumerator(ctx, kind(), target(), new HubbleEnumeratorState(Set.of()));
    }

    @Override
    public SplitEnumerator<HubbleSplit, HubbleEnumeratorState> restoreEnumerator(SplitEnumeratorContext<HubbleSplit> ctx,
                                                                                 HubbleEnumeratorState state) {
        return new HubbleSplitEnumerator(ctx, kind(), target(), state);
    }

    @Override
    public SimpleVersionedSerializer<HubbleSplit> getSplitSerializer() {
        return HubbleSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<HubbleEnumeratorState> getEnumeratorCheckpointSerializer() {
        return new HubbleEnumeratorStateSerializer();
    }

    @Override
    public TypeInformation<HubbleFlow> getProducedType() {
        return TypeInformation.of(HubbleFlow.class);
    }
}
