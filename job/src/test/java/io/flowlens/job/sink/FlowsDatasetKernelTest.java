package io.flowlens.job.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.job.cli.FlowlensCli;
import io.flowlens.job.schema.FlowSchema;
import io.flowlens.job.schema.TransactionSchema;
import io.flowlens.sources.bpf.KernelTest;
import io.flowlens.testkit.SharedTestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `flowlens run --pcap` end to end, as a user runs it: the flows dataset it commits is read by DuckDB (an
 * independent reader), typed as the schema says, Parquet equal to CSV row for row, labelled by the rules file, and
 * no in-progress file is left behind.
 */
@KernelTest
class FlowsDatasetKernelTest {
    @TempDir
    static Path tmp;
    static Path out;

    @BeforeAll
    static void runTheCli() throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("run", "--window", "5", "--output-interval", "1",
                "--no-status", "--parallelism", "2", "--labels",
                Files.writeString(tmp.resolve("labels"), "label=7 port=80 protocol=tcp\n").toString()));
        out = tmp.resolve("out");
        args.addAll(List.of("--output", out.toString(), "--pcap"));
        for (Path p : SharedTestData.pcapFiles()) {
            if (p.getFileName().toString().matches("zeek_(http-.*|dns-queries|redis-pipelining|icmp-5-pings)\\.pcap")) {
                args.add(p.toString());
            }
        }
        assertThat(FlowlensCli.execute(args.toArray(String[]::new))).as("exit code").isZero();
    }

    @Test
    void everyFileIsCommitted() throws IOException {
        try (Stream<Path> files = Files.walk(out)) {
            List<String> names = files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
            assertThat(names).isNotEmpty().allMatch(n -> n.startsWith("part-") && (n.endsWith(".csv") || n.endsWith(".parquet")));
        }
    }

    @Test
    void duckDbReadsTypedParquetEqualToTheCsv() throws Exception {
        DuckDbReader.Result duck = DuckDbReader.read(out, FlowSchema.FLOWS, "flow_id,window_start_ms");
        Map<String, String> expected = new TreeMap<>();
        FlowSchema.FLOWS.columns().forEach(c -> expected.put(c.name(), DuckDbReader.duckDbType(c.type())));
        assertThat(duck.parquetTypes()).containsAllEntriesOf(expected).containsKeys("dt", "hour");
        assertThat(duck.parquetRows()).hasSizeGreaterThan(10);
        assertThat(duck.csvRows()).as("CSV rows equal Parquet rows, row for row").isEqualTo(duck.parquetRows());
        assertThat(duck.parquetRows()).allSatisfy(r -> {
            boolean web = r.get("protocol").asInt() == 6 && (r.get("src_port").asInt() == 80 || r.get("dst_port").asInt() == 80);
            assertThat(r.get("anomaly_label").asInt()).as("label rule port=80 tcp").isEqualTo(web ? 7 : 0);
        });
        assertThat(duck.parquetRows()).anySatisfy(r -> assertThat(r.get("l7_protocol_detected").asText()).isEqualTo("http"));
        assertThat(duck.parquetRows()).as("a flow row carries its last HTTP exchange").anySatisfy(r -> {
            assertThat(r.get("http_method").asText()).isEqualTo("GET");
            assertThat(r.get("http_status_code").asInt()).isEqualTo(200);
            assertThat(r.get("l7_request_count").asLong()).isPositive();
        });
        assertThat(duck.parquetRows()).anySatisfy(r -> assertThat(r.get("l7_protocol_detected").asText()).isEqualTo("dns"));
        var icmp = duck.parquetRows().stream().filter(r -> r.get("protocol").asInt() == 1).toList();
        assertThat(icmp.stream().mapToLong(r -> r.get("l7_request_count").asLong()).sum())
                .as("the 5 pings' exchanges, over the ping flow's windows").isEqualTo(5);
        assertThat(icmp).allSatisfy(r -> assertThat(r.get("l7_latency_mean_ms").asDouble()).isPositive());
    }

    @Test
    void transactionsDatasetHoldsEveryEchoExchange() throws Exception {
        // a pipelined batch (Redis PINGs in one segment) shares flow, request time and method
        DuckDbReader.Result duck = DuckDbReader.read(out, TransactionSchema.TRANSACTIONS,
                "flow_id,timestamp_ms,method,target,pipelined");
        assertThat(duck.csvRows()).as("CSV rows equal Parquet rows").isEqualTo(duck.parquetRows());
        List<org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode> echoes = duck.parquetRows().stream()
                .filter(r -> r.get("l7_protocol").asText().equals("icmp") && r.get("method").asText().equals("ECHO")).toList();
        assertThat(echoes).hasSize(5).allSatisfy(r -> {
            assertThat(r.get("status").asInt()).isZero();
            assertThat(r.get("latency_ms").asDouble()).isPositive();
        });
        var rows = duck.parquetRows();
        assertThat(rows).as("HTTP exchanges of the replayed captures").anySatisfy(r -> {
            assertThat(r.get("l7_protocol").asText()).isEqualTo("http");
            assertThat(r.get("method").asText()).isEqualTo("GET");
            assertThat(r.get("status").asInt()).isEqualTo(200);
            assertThat(r.get("latency_ms").asDouble()).isPositive();
            assertThat(r.get("anomaly_label").asInt()).isEqualTo(7);
        });
        assertThat(rows).as("DNS exchanges").anySatisfy(r -> {
            assertThat(r.get("l7_protocol").asText()).isEqualTo("dns");
            assertThat(r.get("target").asText()).isNotEmpty();
            assertThat(r.get("dns_answers").isNull()).isFalse();
        });
        assertThat(rows).as("Redis exchanges").anySatisfy(r -> assertThat(r.get("l7_protocol").asText()).isEqualTo("redis"));
    }
}
