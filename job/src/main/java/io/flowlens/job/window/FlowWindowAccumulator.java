package io.flowlens.job.window;

import io.flowlens.job.flow.FlowSlice;
import io.flowlens.job.l7.L7Summary;

/**
 * What one flow's window gathers: its slices merged into one, and a summary of the transactions that ended in the
 * window (null while there were none, so a flow without L7 keeps no L7 state). A Flink POJO.
 */
public class FlowWindowAccumulator {
    public FlowSlice slice = new FlowSlice();
    public L7Summary l7;

    public FlowWindowAccumulator() {}
}
