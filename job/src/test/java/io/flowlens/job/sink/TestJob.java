package io.flowlens.job.sink;

import static io.flowlens.job.sink.TestRows.SCHEMA;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;

/**
 * The test job: TestRows from a source that lets only 8 rows through per completed checkpoint (so part files roll
 * several times), a checkpoint every 500 ms, two parallel subtasks, both formats into {@code out}. Runs on the
 * MiniClusterExtension of the calling test.
 */
final class TestJob {
    private TestJob() {}

    /**
     * @param stage applied to the rows before the sinks (identity for none)
     * @param restarts how many failures the job survives; 0 fails the test at the first one
     */
    static void write(Path out, MapFunction<Row, Row> stage, int restarts) throws Exception {
        Configuration conf = new Configuration();
        if (restarts == 0) {
            // the default with checkpointing would restart forever instead of failing the test
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        } else {
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, restarts);
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ZERO);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(500);
        DataGeneratorSource<Row> source = new DataGeneratorSource<>(i -> TestRows.row(i.intValue()), TestRows.COUNT,
                RateLimiterStrategy.perCheckpoint(8), DatasetRowTypes.of(SCHEMA));
        DatasetSinks.attach(env.fromSource(source, WatermarkStrategy.noWatermarks(), "test rows")
                .map(stage).returns(DatasetRowTypes.of(SCHEMA)), SCHEMA, out.toString(), DatasetFormat.BOTH);
        env.execute("dataset sinks test job");
    }
}
