package io.flowlens.job.hubble;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.job.FlowPipeline;
import io.flowlens.job.RunOptions;
import io.flowlens.job.label.Labeler;
import io.flowlens.job.schema.FlowSchema;
import io.flowlens.job.sink.DatasetFormat;
import io.flowlens.sources.bpf.KernelTest;
import io.flowlens.testkit.Capture;
import io.flowlens.testkit.CurlResult;
import io.flowlens.testkit.HttpServer;
import io.flowlens.testkit.NetNs;
import io.flowlens.testkit.PingResult;
import io.flowlens.testkit.Topology;
import io.flowlens.testkit.Traffic;
import io.flowlens.testkit.TsharkOracle;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * flowlens's counts and Hubble's context in the same rows: real traffic (two curl fetches, pings) between the root
 * namespace and a namespace, captured by dumpcap, replayed through the flows pipeline together with a Hubble flows
 * file that a test writes for the same packets (one Hubble trace event per packet, as Cilium emits them): TCP as
 * FORWARDED between two pods, the pings as DROPPED by policy, plus a Hubble HTTP record that must lose against
 * flowlens's own parsing. Packet counts must equal tshark's; the Kubernetes columns must be Hubble's.
 */
@KernelTest
class HubbleMergeKernelTest {
    static final int PORT = 8080, PINGS = 3;
    static final String NODE = "kind-worker";

    @TempDir
    Path dir;

    @Test
    void rowsCarryFlowlensCountsAndHubbleContext() throws Exception {
        Files.write(dir.resolve("body"), new byte[5_000]);
        Path pcap = dir.resolve("traffic.pcapng");
        String client, server;
        try (Topology t = Topology.hostAndNs(); HttpServer http = Traffic.httpServer(t.server(), t.serverV4(), PORT, dir)) {
            client = t.clientV4().getHostAddress();
            server = t.serverV4().getHostAddress();
            try (Capture dumpcap = TsharkOracle.capture(null, t.link().host().name(), pcap, "ip")) {
                for (int i = 0; i < 2; i++) {
                    CurlResult c = Traffic.curl(NetNs.root(), http.url("/body"));
                    assertThat(c.httpStatus()).as(c.stderr()).isEqualTo(200);
                }
                PingResult p = Traffic.ping(NetNs.root(), server, PINGS);
                assertThat(p.received()).as(p.output()).isEqualTo(PINGS);
                dumpcap.stop();
            }
        }
        // what tshark sees: every IPv4 packet, and the frames per flow
        List<String[]> packets = TsharkOracle.fields(pcap, "ip", "frame.time_epoch", "ip.src", "ip.dst", "ip.proto",
                "tcp.srcport", "tcp.dstport");
        Map<String, Long> framesPerFlow = new HashMap<>();
        StringBuilder hubble = new StringBuilder();
        String firstClientPort = null;
        for (String[] f : packets) {
            boolean tcp = f[3].equals("6");
            boolean fromClient = f[1].equals(client);
            String clientPort = tcp ? (fromClient ? f[4] : f[5]) : "0";
            framesPerFlow.merge(f[3] + "/" + clientPort, 1L, Long::sum);
            firstClientPort = firstClientPort == null && tcp ? clientPort : firstClientPort;
            hubble.append(hubbleLine(f, fromClient, tcp)).append('\n');
            if (tcp && fromClient && clientPort.equals(firstClientPort) && hubble.length() < 4_000) {
                // a Hubble L7 record on the first connection, which flowlens parses itself: flowlens's must win
                hubble.append(hubbleLine(f, true, true).replace("\"Type\":\"L3_L4\"",
                        "\"Type\":\"L7\",\"l7\":{\"type\":\"RESPONSE\",\"latency_ns\":\"1000\",\"http\":{\"code\":503,"
                                + "\"method\":\"DELETE\",\"url\":\"http://backend/nothing\"}}")).append('\n');
            }
        }
        Path flows = Files.writeString(dir.resolve("hubble.jsonl"), hubble);

        List<Row> rows = run(pcap, flows);
        List<Row> web = rows.stream().filter(r -> Integer.valueOf(PORT).equals(get(r, "dst_port"))).toList();
        List<Row> icmp = rows.stream().filter(r -> Integer.valueOf(1).equals(get(r, "protocol"))).toList();
        assertThat(web).as("rows of the two fetches").isNotEmpty();
        assertThat(icmp).as("rows of the pings").isNotEmpty();
        Map<String, Long> counted = new HashMap<>();
        for (Row r : web) {
            counted.merge("6/" + get(r, "src_port"), (Long) get(r, "packet_count"), Long::sum);
            assertThat(get(r, "src_ip")).isEqualTo(client);
            assertThat(get(r, "namespace")).isEqualTo("shop");
            assertThat(get(r, "pod_name")).isEqualTo("frontend-5d8f7");
            assertThat(get(r, "workload")).isEqualTo("Deployment/frontend");
            assertThat(get(r, "pod_labels")).isEqualTo("app=frontend,tier=web");
            assertThat(get(r, "security_identity")).isEqualTo(31337L);
            assertThat(get(r, "dst_namespace")).isEqualTo("shop");
            assertThat(get(r, "dst_pod_name")).isEqualTo("backend-7c9d2");
            assertThat(get(r, "dst_security_identity")).isEqualTo(4242L);
            assertThat(get(r, "service_name")).isEqualTo("backend");
            assertThat(get(r, "verdict")).isEqualTo("FORWARDED");
            assertThat(get(r, "drop_reason")).isNull();
            assertThat(get(r, "is_blocked_flow")).isEqualTo(0);
        }
        for (Row r : icmp) {
            counted.merge("1/0", (Long) get(r, "packet_count"), Long::sum);
            assertThat(get(r, "verdict")).isEqualTo("DROPPED");
            assertThat(get(r, "drop_reason")).isEqualTo("POLICY_DENIED");
            assertThat(get(r, "is_blocked_flow")).isEqualTo(1);
            assertThat(get(r, "pod_name")).isEqualTo("frontend-5d8f7");
        }
        assertThat(counted).as("packets per flow: flowlens's counts equal tshark's frames").isEqualTo(framesPerFlow);
        assertThat(web).as("flowlens parsed the HTTP exchanges itself; Hubble's 503 record does not replace them")
                .anySatisfy(r -> {
                    assertThat(get(r, "http_status_code")).isEqualTo(200);
                    assertThat(get(r, "http_method")).isEqualTo("GET");
                    assertThat(get(r, "l7_source")).isEqualTo("flowlens");
                })
                .noneSatisfy(r -> assertThat(get(r, "http_status_code")).isEqualTo(503));
    }

    /** One Hubble trace event for a captured packet, in `hubble observe -o jsonpb` form. */
    private static String hubbleLine(String[] f, boolean fromClient, boolean tcp) {
        Instant t = instant(f[0]);
        String frontend = "{\"ID\":101,\"identity\":31337,\"namespace\":\"shop\",\"labels\":[\"k8s:app=frontend\","
                + "\"k8s:io.kubernetes.pod.namespace=shop\",\"k8s:tier=web\",\"k8s:io.cilium.k8s.policy.cluster=default\"],"
                + "\"pod_name\":\"frontend-5d8f7\",\"workloads\":[{\"name\":\"frontend\",\"kind\":\"Deployment\"}]}";
        String backend = "{\"ID\":202,\"identity\":4242,\"namespace\":\"shop\",\"labels\":[\"k8s:app=backend\"],"
                + "\"pod_name\":\"backend-7c9d2\",\"workloads\":[{\"name\":\"backend\",\"kind\":\"Deployment\"}]}";
        String l4 = tcp ? "{\"TCP\":{\"source_port\":" + f[4] + ",\"destination_port\":" + f[5] + "}}"
                : "{\"ICMPv4\":{\"type\":" + (fromClient ? 8 : 0) + "}}";
        String verdict = tcp ? "\"verdict\":\"FORWARDED\"" : "\"verdict\":\"DROPPED\",\"drop_reason_desc\":\"POLICY_DENIED\"";
        String service = fromClient ? ",\"destination_service\":{\"name\":\"backend\",\"namespace\":\"shop\"}"
                : ",\"source_service\":{\"name\":\"backend\",\"namespace\":\"shop\"}";
        return "{\"flow\":{\"time\":\"" + t + "\"," + verdict + ",\"IP\":{\"source\":\"" + f[1] + "\",\"destination\":\""
                + f[2] + "\",\"ipVersion\":\"IPv4\"},\"l4\":" + l4 + ",\"source\":" + (fromClient ? frontend : backend)
                + ",\"destination\":" + (fromClient ? backend : frontend) + ",\"Type\":\"L3_L4\",\"node_name\":\"" + NODE
                + "\",\"is_reply\":" + !fromClient + service + ",\"uuid\":\"" + java.util.UUID.randomUUID()
                + "\"},\"node_name\":\"" + NODE + "\",\"time\":\"" + t + "\"}";
    }

    private static Instant instant(String epoch) {
        BigDecimal s = new BigDecimal(epoch);
        long seconds = s.longValue();
        return Instant.ofEpochSecond(seconds, s.subtract(BigDecimal.valueOf(seconds)).movePointRight(9).longValue());
    }

    private static List<Row> run(Path pcap, Path hubble) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        RunOptions o = new RunOptions(null, List.of(pcap), null, Duration.ofSeconds(2), Duration.ofSeconds(1),
                Labeler.constant(0), "unused", DatasetFormat.BOTH, 2, false).withHubble(HubbleInput.file(hubble.toString()));
        List<Row> out = new ArrayList<>();
        try (CloseableIterator<Row> it = FlowPipeline.flows(env, o).executeAndCollect("hubble merge")) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    private static Object get(Row r, String column) {
        return r.getField(FlowSchema.FLOWS.index(column));
    }
}
