package io.flowlens.sources.system;

import io.flowlens.sources.system.enumerator.SystemMetricsEnumeratorState;
import io.flowlens.sources.system.enumerator.SystemMetricsEnumeratorStateSerializer;
import io.flowlens.sources.system.enumerator.SystemMetricsSplitEnumerator;
import io.flowlens.sources.system.reader.SystemMetricsSourceReader;
import io.flowlens.sources.system.split.SystemMetricsSplit;
import io.flowlens.sources.system.split.SystemMetricsSplitSerializer;
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
 * FLIP-27 source of per-node {@link SystemMetrics}: one split per node, one record per node per
 * window of the grid, event time = window start. Build one with {@link #builder()}.
 */
public final class SystemMetricsSource
        implements Source<SystemMetrics, SystemMetricsSplit, SystemMetricsEnumeratorState>, ResultTypeQueryable<SystemMetrics> {
    private final long windowMillis;
    private final long endMillis;
    private final long durationMillis;

    SystemMetricsSource(long windowMillis, long endMillis, long durationMillis) {
        this.windowMillis = windowMillis;
        this.endMillis = endMillis;
        this.durationMillis = durationMillis;
    }

    public static SystemMetricsSourceBuilder builder() {
        return new SystemMetricsSourceBuilder();
    }

    /** Window size in ms; windows start at its multiples since the epoch. */
    public long windowMillis() {
        return windowMillis;
    }

    /** End of a bounded run in ms since the epoch; Long.MAX_VALUE when unbounded. */
    public long endMillis() {
        return endMillis;
    }

    /** Length of a bounded run from when sampling starts, in ms; Long.MAX_VALUE when not set. */
    public long durationMillis() {
        return durationMillis;
    }

    @Override
    public Boundedness getBoundedness() {
        return endMillis == Long.MAX_VALUE && durationMillis == Long.MAX_VALUE
                ? Boundedness.CONTINUOUS_UNBOUNDED : Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<SystemMetrics, SystemMetricsSplit> createReader(SourceReaderContext ctx) {
        return new SystemMetricsSourceReader(ctx, windowMillis, endMillis, durationMillis);
    }

    @Override
    public SplitEnumerator<SystemMetricsSplit, SystemMetricsEnumeratorState> createEnumerator(
            SplitEnumeratorContext<SystemMetricsSplit> ctx) {
        return new SystemMetricsSplitEnumerator(ctx, new SystemMetricsEnumeratorState(Set.of()));
    }

    @Override
    public SplitEnumerator<SystemMetricsSplit, SystemMetricsEnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<SystemMetricsSplit> ctx, SystemMetricsEnumeratorState state) {
        return new SystemMetricsSplitEnumerator(ctx, state);
    }

    @Override
    public SimpleVersionedSerializer<SystemMetricsSplit> getSplitSerializer() {
        return SystemMetricsSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<SystemMetricsEnumeratorState> getEnumeratorCheckpointSerializer() {
        return new SystemMetricsEnumeratorStateSerializer();
    }

    @Override
    public TypeInformation<SystemMetrics> getProducedType() {
        return TypeInformation.of(SystemMetrics.class);
    }
}
