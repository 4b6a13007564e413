package io.flowlens.job.window;

import io.flowlens.job.features.FlowFeatures;
import io.flowlens.job.flow.FlowSlice;
import io.flowlens.job.l7.L7Columns;
import io.flowlens.job.label.Labeler;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/**
 * Turns a flow's window into its dataset row, labelled, with the L7 columns of its transactions. A window with
 * transactions but no packets (a session closed by its idle timer) makes no row: a flow row describes packets.
 */
public final class FlowWindowFunction extends ProcessWindowFunction<FlowWindowAccumulator, Row, String, TimeWindow> {
    private final Labeler labeler;
    private final FlowFeatures features = new FlowFeatures();
    private final L7Columns l7 = new L7Columns();

    public FlowWindowFunction(Labeler labeler) {
        this.labeler = labeler;
    }

    @Override
    public void process(String flowId, Context ctx, Iterable<FlowWindowAccumulator> merged, Collector<Row> out) {
        TimeWindow w = ctx.window();
        for (FlowWindowAccumulator acc : merged) {
            FlowSlice s = acc.slice;
            if (s.flowId == null) {
                continue;
            }
            int label = labeler.label(w.getStart(), s.srcIp, s.dstIp, s.srcPort, s.dstPort, s.protocol);
            Row row = features.toRow(s, w.getStart(), w.getEnd(), label);
            if (acc.l7 != null) {
                l7.fill(row, acc.l7);
            }
            out.collect(row);
        }
    }
}
