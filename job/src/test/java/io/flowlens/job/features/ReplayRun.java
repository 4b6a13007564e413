package io.flowlens.job.features;

import io.flowlens.job.FlowPipeline;
import io.flowlens.job.RunOptions;
import io.flowlens.job.label.Labeler;
import io.flowlens.job.sink.DatasetFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/** A capture replayed through the whole flows pipeline (real TC program, reader slicing, windows) on the test's cluster. */
final class ReplayRun {
    private ReplayRun() {}

    /** Every row of {@code capture} with windows of {@code window}, no labels and no system metrics. */
    static List<Row> rows(Path capture, Duration window, int parallelism) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        RunOptions o = new RunOptions(null, List.of(capture), null, window, Duration.ofSeconds(1), Labeler.constant(0),
                "unused", DatasetFormat.BOTH, parallelism, false);
        List<Row> out = new ArrayList<>();
        try (CloseableIterator<Row> it = FlowPipeline.flows(env, o).executeAndCollect("replay " + capture.getFileName())) {
            it.forEachRemaining(out::add);
        }
        return out;
    }
}
