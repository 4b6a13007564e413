package io.flowlens.job.status;

import java.util.concurrent.atomic.LongAdder;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.types.Row;

/**
 * Counters for the terminal status line of an embedded run. They are JVM-wide, so they describe the whole job only
 * when it runs in this JVM (the embedded MiniCluster); on a cluster, Flink's metrics say the same per task.
 */
public final class RunStatus {
    public static final LongAdder ROWS = new LongAdder();

    private RunStatus() {}

    /** A pass-through map that counts the rows of a dataset. */
    public static MapFunction<Row, Row> countRows(String dataset) {
        return row -> {
            ROWS.increment();
            return row;
        };
    }
}
