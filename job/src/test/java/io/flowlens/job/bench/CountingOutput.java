package io.flowlens.job.bench;

import io.flowlens.job.flow.FlowSlice;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceOutput;

/** A reader output that only counts what it is given: the slicer's cost without Flink's. */
final class CountingOutput implements ReaderOutput<FlowSlice> {
    long slices;
    long packets;
    long watermarks;

    @Override
    public void collect(FlowSlice s) {
        slices++;
        packets += s.fwdPackets + s.bwdPackets;
    }

    @Override
    public void collect(FlowSlice s, long timestamp) {
        collect(s);
    }

    @Override
    public void emitWatermark(Watermark watermark) {
        watermarks++;
    }

    @Override
    public void markIdle() {}

    @Override
    public void markActive() {}

    @Override
    public SourceOutput<FlowSlice> createOutputForSplit(String splitId) {
        return this;
    }

    @Override
    public void releaseOutputForSplit(String splitId) {}
}
