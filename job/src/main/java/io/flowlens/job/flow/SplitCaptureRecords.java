package io.flowlens.job.flow;

import io.flowlens.job.l7.SegmentEvent;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Separates the reader's records: flow slices go on, L7 message starts to a side output. */
public final class SplitCaptureRecords extends ProcessFunction<CaptureRecord, FlowSlice> {
    public static final OutputTag<SegmentEvent> SEGMENTS = new OutputTag<>("l7-segments") {};

    @Override
    public void processElement(CaptureRecord r, Context ctx, Collector<FlowSlice> out) {
        if (r.slice != null) {
            out.collect(r.slice);
        } else if (r.segment != null) {
            ctx.output(SEGMENTS, r.segment);
        }
    }
}
