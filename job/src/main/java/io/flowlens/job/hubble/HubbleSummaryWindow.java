package io.flowlens.job.hubble;

import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Names a {@link HubbleSummary} by its flow and window, for the join with the flow rows. */
public final class HubbleSummaryWindow extends ProcessWindowFunction<HubbleSummary, HubbleSummary, String, TimeWindow> {
    @Override
    public void process(String flowId, Context ctx, Iterable<HubbleSummary> summaries, Collector<HubbleSummary> out) {
        for (HubbleSummary s : summaries) {
            s.flowId = flowId;
            s.windowStartMs = ctx.window().getStart();
            out.collect(s);
        }
    }
}
