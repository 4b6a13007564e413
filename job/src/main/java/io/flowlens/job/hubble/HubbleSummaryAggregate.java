package io.flowlens.job.hubble;

import io.flowlens.sources.hubble.HubbleFlow;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.java.tuple.Tuple2;

/** Folds a flow's Hubble flows of one window (keyed by flow_id) into one {@link HubbleSummary}. */
public final class HubbleSummaryAggregate implements AggregateFunction<Tuple2<String, HubbleFlow>, HubbleSummary, HubbleSummary> {
    @Override
    public HubbleSummary createAccumulator() {
        return new HubbleSummary();
    }

    @Override
    public HubbleSummary add(Tuple2<String, HubbleFlow> keyed, HubbleSummary s) {
        s.add(keyed.f1);
        return s;
    }

    @Override
    public HubbleSummary getResult(HubbleSummary s) {
        return s;
    }

    @Override
    public HubbleSummary merge(HubbleSummary x, HubbleSummary y) {
        return x.merge(y);
    }
}
