package io.flowlens.job.bench;

import io.flowlens.job.flow.FlowSlice;
import io.flowlens.job.flow.FlowSlicer;
import io.flowlens.job.flow.FlowSlicerSettings;
import java.util.Collection;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource.NumberSequenceSplit;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A bounded FLIP-27 source whose reader runs the real FlowSlicer over synthetic ring records: the packet source with
 * the kernel replaced by {@link SyntheticRecords}. Splits are ranges of record numbers (NumberSequenceSource's
 * enumerator and serializers); run it with parallelism 1, as one node's capture is one reader.
 */
final class SyntheticSliceSource implements Source<FlowSlice, NumberSequenceSplit, Collection<NumberSequenceSplit>>,
        ResultTypeQueryable<FlowSlice> {
    private final NumberSequenceSource records;
    private final int flows;
    private final long gapNs;
    private final long windowMs;

    SyntheticSliceSource(long records, int flows, long gapNs, long windowMs) {
        this.records = new NumberSequenceSource(0, records - 1);
        this.flows = flows;
        this.gapNs = gapNs;
        this.windowMs = windowMs;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<FlowSlice, NumberSequenceSplit> createReader(SourceReaderContext context) {
        FlowSlicer slicer = new FlowSlicer(context.getLocalHostName(), FlowSlicerSettings.live(windowMs));
        return new SyntheticSliceReader(context, new SyntheticRecords(flows, gapNs, 42), slicer);
    }

    @Override
    public SplitEnumerator<NumberSequenceSplit, Collection<NumberSequenceSplit>> createEnumerator(
            SplitEnumeratorContext<NumberSequenceSplit> context) {
        return records.createEnumerator(context);
    }

    @Override
    public SplitEnumerator<NumberSequenceSplit, Collection<NumberSequenceSplit>> restoreEnumerator(
            SplitEnumeratorContext<NumberSequenceSplit> context, Collection<NumberSequenceSplit> checkpoint) {
        return records.restoreEnumerator(context, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<NumberSequenceSplit> getSplitSerializer() {
        return records.getSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<Collection<NumberSequenceSplit>> getEnumeratorCheckpointSerializer() {
        return records.getEnumeratorCheckpointSerializer();
    }

    @Override
    public TypeInformation<FlowSlice> getProducedType() {
        return TypeInformation.of(FlowSlice.class);
    }
}
