package io.flowlens.job.hubble;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.job.RunOptions;
import io.flowlens.job.flow.FlowIds;
import io.flowlens.job.label.Labeler;
import io.flowlens.job.schema.FlowSchema;
import io.flowlens.job.schema.RowBuilder;
import io.flowlens.job.sink.DatasetFormat;
import io.flowlens.job.sink.DatasetRowTypes;
import io.flowlens.sources.hubble.HubbleConnection;
import io.flowlens.sources.hubble.ObserverReplayServer;
import io.flowlens.sources.hubble.RecordedHubbleFlows;
import io.flowlens.sources.hubble.RecordedHubbleFlows.Line;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Hubble merge on real Flink: one flowlens row per flow and window of the recorded real Hubble flows goes
 * through {@link HubbleMerge} with those flows read from a JSON-lines file and, separately, streamed by a real
 * grpc-java Observer server. The Hubble columns must hold what the recorded lines say (read with Jackson), rows
 * whose L7 columns flowlens filled keep them, a malformed line is skipped, and both inputs give the same rows.
 */
class HubbleMergePipelineTest {
    static final long WINDOW_MS = 2_000;
    static final RowBuilder ROWS = new RowBuilder(FlowSchema.FLOWS);

    @TempDir
    static Path tmp;
    static List<Line> lines;
    /** flow_id@window -> the lines of that flow and window, in file order. */
    static Map<String, List<Line>> byRow = new LinkedHashMap<>();
    static List<Row> input = new ArrayList<>();
    static List<Row> fromFile;

    /** The flow's canonical id, from the line's 5-tuple (the same formula as the capture's). */
    static String flowId(Line l) throws Exception {
        String s = text(l.text("IP", "source")), d = text(l.text("IP", "destination"));
        int sp = l.port("source_port"), dp = l.port("destination_port");
        int c = Arrays.compareUnsigned(bytes(s), bytes(d));
        c = c != 0 ? c : Integer.compare(sp, dp);
        return c <= 0 ? FlowIds.flowId(l.protocol(), s, sp, d, dp) : FlowIds.flowId(l.protocol(), d, dp, s, sp);
    }

    static byte[] bytes(String ip) throws Exception {
        byte[] b = InetAddress.getByName(ip).getAddress();
        if (b.length == 4) {
            byte[] m = new byte[16];
            m[10] = m[11] = (byte) 0xff;
            System.arraycopy(b, 0, m, 12, 4);
            return m;
        }
        return b;
    }

    /** The address as the capture writes it (Java's compressed form for IPv6; the recorded ones are already). */
    static String text(String ip) {
        return ip;
    }

    @BeforeAll
    static void mergeFromAFile() throws Exception {
        // in time order, as a relay's stream and an exporter's file are (the recorded files are from 2021 and 2023)
        lines = new ArrayList<>(RecordedHubbleFlows.all());
        lines.sort(Comparator.comparingLong(Line::timeNanos));
        for (Line l : lines) {
            long window = Math.floorDiv(l.timeNanos() / 1_000_000, WINDOW_MS) * WINDOW_MS;
            byRow.computeIfAbsent(flowId(l) + "@" + window, k -> new ArrayList<>()).add(l);
        }
        int n = 0;
        for (Map.Entry<String, List<Line>> e : byRow.entrySet()) {
            Line first = e.getValue().get(0);
            boolean reply = "true".equals(first.text("is_reply"));
            Row r = ROWS.newRow();
            long window = Long.parseLong(e.getKey().substring(e.getKey().indexOf('@') + 1));
            ROWS.set(r, "flow_id", e.getKey().substring(0, e.getKey().indexOf('@')));
            ROWS.set(r, "src_ip", first.text("IP", reply ? "destination" : "source"));
            ROWS.set(r, "src_port", first.port(reply ? "destination_port" : "source_port"));
            ROWS.set(r, "dst_ip", first.text("IP", reply ? "source" : "destination"));
            ROWS.set(r, "dst_port", first.port(reply ? "source_port" : "destination_port"));
            ROWS.set(r, "protocol", first.protocol());
            ROWS.set(r, "l7_protocol", 0);
            ROWS.set(r, "packet_count", 1000L + n++); // flowlens's own count: must pass through untouched
            ROWS.set(r, "is_blocked_flow", 0);
            ROWS.set(r, "window_start_ms", window);
            ROWS.set(r, "window_end_ms", window + WINDOW_MS);
            input.add(r);
        }
        // one row whose HTTP columns flowlens's parsers filled: Hubble must not overwrite them
        Row parsed = input.stream().filter(r -> rowLines(r).stream().anyMatch(l -> l.text("l7", "http", "method") != null))
                .findFirst().orElseThrow();
        ROWS.set(parsed, "http_method", "PATCH");
        ROWS.set(parsed, "l7_source", "flowlens");
        input.sort(Comparator.comparingLong(r -> (Long) r.getField(FlowSchema.FLOWS.index("window_start_ms"))));

        Path file = tmp.resolve("recorded.jsonl");
        StringBuilder all = new StringBuilder();
        lines.forEach(l -> all.append(l.text()).append('\n'));
        all.insert(0, "{\"flow\":{\"time\":\"2021-06-16T16:52:13Z\",\"verdict\":\n"); // malformed: skipped, the job goes on
        Files.writeString(file, all);
        RunOptions replay = options(List.of(tmp.resolve("capture.pcap")), null).withHubble(HubbleInput.file(file.toString()));
        fromFile = run(replay);
    }

    static RunOptions options(List<Path> pcaps, Duration duration) {
        return new RunOptions(pcaps.isEmpty() ? "test" : null, pcaps, duration, Duration.ofMillis(WINDOW_MS),
                Duration.ofSeconds(1), Labeler.constant(0), "unused", DatasetFormat.BOTH, 2, false);
    }

    static List<Row> run(RunOptions o) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        TypeInformation<Row> rowType = DatasetRowTypes.of(FlowSchema.FLOWS);
        DataStream<Row> rows = env.fromData(input, rowType).assignTimestampsAndWatermarks(WatermarkStrategy
                .<Row>forMonotonousTimestamps().withTimestampAssigner((r, ts) -> (Long) get(r, "window_end_ms") - 1));
        List<Row> out = new ArrayList<>();
        try (CloseableIterator<Row> it = HubbleMerge.merge(env, rows, o, rowType).executeAndCollect("hubble merge")) {
            it.forEachRemaining(out::add);
        }
        out.sort(Comparator.comparing(Row::toString));
        return out;
    }

    static Object get(Row r, String column) {
        return r.getField(FlowSchema.FLOWS.index(column));
    }

    static List<Line> rowLines(Row r) {
        return byRow.get(get(r, "flow_id") + "@" + get(r, "window_start_ms"));
    }

    @Test
    void everyRowCarriesWhatHubbleSaidOfItsFlowAndWindow() {
        assertThat(fromFile).as("every row comes out once").hasSameSizeAs(input);
        SoftAssertions soft = new SoftAssertions();
        int dns = 0, http = 0, blocked = 0;
        for (Row r : fromFile) {
            List<Line> ls = new ArrayList<>(rowLines(r));
            ls.sort(Comparator.comparingLong(Line::timeNanos));
            String where = ls.get(0).file().getFileName() + ":" + ls.get(0).number();
            Line last = ls.get(ls.size() - 1);
            soft.assertThat(get(r, "verdict")).as(where).isEqualTo(last.text("verdict"));
            String drop = ls.stream().map(l -> l.text("drop_reason_desc")).filter(Objects::nonNull).reduce((a, b) -> b).orElse(null);
            soft.assertThat(get(r, "drop_reason")).as(where).isEqualTo(drop);
            boolean isBlocked = ls.stream().anyMatch(l -> "DROPPED".equals(l.text("verdict")));
            blocked += isBlocked ? 1 : 0;
            soft.assertThat(get(r, "is_blocked_flow")).as(where).isEqualTo(isBlocked ? 1 : 0);
            // the initiator's side of each line: source unless the line is the reply direction
            String initIp = (String) get(r, "src_ip");
            int initPort = (Integer) get(r, "src_port");
            String initPod = null, respPod = null, initNs = null, respNs = null, initIdentity = null;
            for (Line l : ls) {
                boolean srcIsInit = initIp.equals(l.text("IP", "source")) && initPort == l.port("source_port");
                String is = srcIsInit ? "source" : "destination", rs = srcIsInit ? "destination" : "source";
                initPod = initPod != null ? initPod : l.text(is, "pod_name");
                initNs = initNs != null ? initNs : l.text(is, "namespace");
                initIdentity = initIdentity != null ? initIdentity : l.text(is, "identity");
                respPod = respPod != null ? respPod : l.text(rs, "pod_name");
                respNs = respNs != null ? respNs : l.text(rs, "namespace");
            }
            soft.assertThat(get(r, "pod_name")).as(where).isEqualTo(initPod != null ? initPod : respPod);
            soft.assertThat(get(r, "namespace")).as(where).isEqualTo(initPod != null ? initNs : respNs);
            soft.assertThat(get(r, "dst_pod_name")).as(where).isEqualTo(respPod);
            soft.assertThat(Objects.toString(get(r, "security_identity"), null)).as(where).isEqualTo(initIdentity);
            soft.assertThat(get(r, "packet_count")).as("counts are flowlens's").isEqualTo(input.stream()
                    .filter(i -> i.getField(1).equals(r.getField(1)) && get(i, "window_start_ms").equals(get(r, "window_start_ms")))
                    .findFirst().map(i -> get(i, "packet_count")).orElseThrow());
            List<Line> dnsResponses = ls.stream().filter(l -> "RESPONSE".equals(l.text("l7", "type")) && l.text("l7", "dns", "query") != null).toList();
            if (!dnsResponses.isEmpty()) {
                dns++;
                Line d = dnsResponses.get(dnsResponses.size() - 1);
                String q = d.text("l7", "dns", "query");
                soft.assertThat(get(r, "dns_query_name")).as(where).isEqualTo(q.substring(0, q.length() - 1));
                soft.assertThat(get(r, "dns_response_code")).as(where)
                        .isEqualTo(Integer.parseInt(Objects.requireNonNullElse(d.text("l7", "dns", "rcode"), "0")));
                soft.assertThat(get(r, "l7_protocol_detected")).as(where).isEqualTo("dns");
                soft.assertThat(get(r, "l7_source")).as(where).isEqualTo("hubble");
            }
            List<Line> httpResponses = ls.stream().filter(l -> l.text("l7", "http", "code") != null).toList();
            if (!httpResponses.isEmpty() && !"flowlens".equals(get(r, "l7_source"))) {
                http++;
                soft.assertThat(get(r, "http_status_code")).as(where)
                        .isEqualTo(Integer.parseInt(httpResponses.get(httpResponses.size() - 1).text("l7", "http", "code")));
                soft.assertThat(get(r, "l7_source")).as(where).isEqualTo("hubble");
            }
        }
        soft.assertAll();
        assertThat(dns).as("rows with Hubble DNS answers").isPositive();
        assertThat(http).as("rows with Hubble HTTP responses").isPositive();
        assertThat(blocked).as("the exporter's two drops").isEqualTo(2);
    }

    @Test
    void dropsMapToVerdictReasonAndBlocked() {
        Row denied = fromFile.stream().filter(r -> "xwing".equals(get(r, "pod_name"))).findFirst().orElseThrow();
        assertThat(get(denied, "verdict")).isEqualTo("DROPPED");
        assertThat(get(denied, "drop_reason")).isEqualTo("POLICY_DENIED");
        assertThat(get(denied, "is_blocked_flow")).isEqualTo(1);
        assertThat(get(denied, "namespace")).isEqualTo("default");
        assertThat(get(denied, "dst_pod_name")).isEqualTo("deathstar-7848d6c4d5-th9v2");
        Row icmp6 = fromFile.stream().filter(r -> Integer.valueOf(58).equals(get(r, "protocol"))).findFirst().orElseThrow();
        assertThat(get(icmp6, "drop_reason")).isEqualTo("INVALID_SOURCE_IP");
        assertThat(get(icmp6, "is_blocked_flow")).isEqualTo(1);
        assertThat(get(icmp6, "pod_name")).as("no pod at either end").isNull();
    }

    @Test
    void flowlensOwnL7ColumnsWin() {
        Row r = fromFile.stream().filter(x -> "flowlens".equals(get(x, "l7_source"))).findFirst().orElseThrow();
        assertThat(get(r, "http_method")).isEqualTo("PATCH");
        assertThat(get(r, "http_status_code")).as("not mixed with Hubble's").isNull();
    }

    @Test
    void theSameFlowsStreamedOverGrpcGiveTheSameRows() throws Exception {
        try (ObserverReplayServer server = ObserverReplayServer.tcp(ObserverReplayServer.recorded(lines), lines.size(), 0)) {
            // a bounded live run: the stream is read for 6 s plus two windows (the server sends everything in ~1 s)
            RunOptions live = options(List.of(), Duration.ofSeconds(6))
                    .withHubble(HubbleInput.stream(HubbleConnection.plain("127.0.0.1:" + server.port())));
            assertThat(run(live)).isEqualTo(fromFile);
        }
    }
}
