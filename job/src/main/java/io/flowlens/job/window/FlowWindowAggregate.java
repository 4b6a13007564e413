package io.flowlens.job.window;

import io.flowlens.job.flow.FlowSlice;
import io.flowlens.job.l7.L7Summary;
import io.flowlens.job.l7.L7SummaryAggregate;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.types.Either;
import org.apache.flink.types.Row;

/**
 * Folds a flow's slices (left) and transaction rows (right) of one window into one accumulator. Both streams share the
 * key (flow_id) and the window grid, so one keyed window does what a window per stream plus a join did, without
 * holding every flow row in state until the other stream's watermark passes.
 */
public final class FlowWindowAggregate
        implements AggregateFunction<Either<FlowSlice, Row>, FlowWindowAccumulator, FlowWindowAccumulator> {
    private final SliceMerger slices = new SliceMerger();
    private final L7SummaryAggregate transactions = new L7SummaryAggregate();

    @Override
    public FlowWindowAccumulator createAccumulator() {
        return new FlowWindowAccumulator();
    }

    @Override
    public FlowWindowAccumulator add(Either<FlowSlice, Row> value, FlowWindowAccumulator acc) {
        if (value.isLeft()) {
            acc.slice = slices.merge(acc.slice, value.left());
        } else {
            acc.l7 = transactions.add(value.right(), acc.l7 == null ? new L7Summary() : acc.l7);
        }
        return acc;
    }

    @Override
    public FlowWindowAccumulator getResult(FlowWindowAccumulator acc) {
        return acc;
    }

    @Override
    public FlowWindowAccumulator merge(FlowWindowAccumulator a, FlowWindowAccumulator b) {
        throw new UnsupportedOperationException("tumbling windows never merge");
    }
}
