package io.flowlens.job.window;

import io.flowlens.job.features.FlowFeatures;
import io.flowlens.job.flow.FlowSlice;
import io.flowlens.job.label.Labeler;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/** Turns a flow's merged slice of one window into its dataset row, labelled. */
public final class FlowWindowFunction extends ProcessWindowFunction<FlowSlice, Row, String, TimeWindow> {
    private final Labeler labeler;
    private final FlowFeatures features = new FlowFeatures();

    public FlowWindowFunction(Labeler labeler) {
        this.labeler = labeler;
    }

    @Override
    public void process(String flowId, Context ctx, Iterable<FlowSlice> merged, Collector<Row> out) {
        TimeWindow w = ctx.window();
        for (FlowSlice s : merged) {
            int label = labeler.label(w.getStart(), s.srcIp, s.dstIp, s.srcPort, s.dstPort, s.protocol);
            out.collect(features.toRow(s, w.getStart(), w.getEnd(), label));
        }
    }
}
