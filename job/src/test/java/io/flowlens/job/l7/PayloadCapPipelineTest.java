package io.flowlens.job.l7;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.job.FlowPipeline;
import io.flowlens.job.RunOptions;
import io.flowlens.job.label.Labeler;
import io.flowlens.job.schema.TransactionSchema;
import io.flowlens.job.sink.DatasetFormat;
import io.flowlens.sources.bpf.KernelTest;
import io.flowlens.testkit.SharedTestData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The payload cap of a run (--payload-cap, else flowlens.capture.payload-cap in Flink's configuration) reaches the
 * kernel: zeek_http-get.pcap's one request (136 bytes: "GET /download/CHANGES.bro-aux.txt HTTP/1.1" and headers) is
 * whole at the default, and cut inside its path at 24 bytes, which the transaction marks partial.
 */
@KernelTest
class PayloadCapPipelineTest {
    private static final String PATH = "/download/CHANGES.bro-aux.txt";

    @RegisterExtension
    static final MiniClusterExtension FLINK = L7LiveRun.miniCluster();

    @Test
    void theRunsCapIsTheKernels() throws Exception {
        Path capture = SharedTestData.pcapDir().resolve("zeek_http-get.pcap");
        Row whole = only(transactions(capture, null, null));
        assertThat(whole.getField(col("target"))).isEqualTo(PATH);

        Row cut = only(transactions(capture, 24, null));
        assertThat(cut.getField(col("method"))).isEqualTo("GET");
        assertThat((String) cut.getField(col("target"))).as("cut inside the path").isNotEqualTo(PATH);
        assertThat(cut.getField(col("partial"))).isEqualTo(1);

        Row fromConfiguration = only(transactions(capture, null, 24));
        assertThat(fromConfiguration.getField(col("target"))).as("flowlens.capture.payload-cap in Flink's configuration")
                .isEqualTo(cut.getField(col("target")));
    }

    private static Row only(List<Row> rows) {
        List<Row> http = rows.stream().filter(r -> "http".equals(r.getField(col("l7_protocol")))).toList();
        assertThat(http).hasSize(1);
        return http.getFirst();
    }

    private static List<Row> transactions(Path capture, Integer cliCap, Integer configuredCap) throws Exception {
        org.apache.flink.configuration.Configuration conf = new org.apache.flink.configuration.Configuration();
        if (configuredCap != null) {
            conf.setString("flowlens.capture.payload-cap", configuredCap.toString());
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        RunOptions o = new RunOptions(null, List.of(capture), null, Duration.ofSeconds(5), Duration.ofSeconds(1),
                Labeler.constant(0), "unused", DatasetFormat.BOTH, 1, false, false, null, cliCap);
        List<Row> out = new ArrayList<>();
        try (CloseableIterator<Row> it = FlowPipeline.build(env, o).transactions().executeAndCollect("cap " + cliCap)) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    private static int col(String name) {
        return TransactionSchema.TRANSACTIONS.index(name);
    }
}
