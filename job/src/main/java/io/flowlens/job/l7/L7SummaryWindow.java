package io.flowlens.job.l7;

import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Stamps a flow's L7 summary with its window's start, the key it joins its flow row by. */
public final class L7SummaryWindow extends ProcessWindowFunction<L7Summary, L7Summary, String, TimeWindow> {
    @Override
    public void process(String flowId, Context ctx, Iterable<L7Summary> summaries, Collector<L7Summary> out) {
        for (L7Summary s : summaries) {
            s.windowStartMs = ctx.window().getStart();
            out.collect(s);
        }
    }
}
