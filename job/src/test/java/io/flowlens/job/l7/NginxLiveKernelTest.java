package io.flowlens.job.l7;

import static io.flowlens.job.l7.L7LiveRun.flowField;
import static io.flowlens.job.l7.L7LiveRun.get;
import static io.flowlens.job.l7.L7LiveRun.line;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.sources.bpf.KernelTest;
import io.flowlens.testkit.Command;
import io.flowlens.testkit.NetNs;
import io.flowlens.testkit.NginxServer;
import io.flowlens.testkit.Topology;
import io.flowlens.testkit.TsharkOracle;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real nginx in a namespace and real HTTP/1.1 clients, captured live on the veth's host end by the whole pipeline:
 * curl fetching three URLs over one keep-alive connection (one of them a 404), curl POSTing a body, and three
 * requests pipelined in one write on a raw socket. The transactions are exactly those exchanges, per connection and
 * in order, and agree with tshark's HTTP dissector on dumpcap's file of the same interface.
 */
@KernelTest
class NginxLiveKernelTest {
    private static final int PORT = 8080, BODY_BYTES = 300;
    private static final Duration DURATION = Duration.ofSeconds(8);
    private static final String LOCATIONS = """
            location = /submit { return 201 "created\\n"; }
                    location = /p1 { return 204; }
                    location = /p2 { return 204; }
            """;
    /** Small enough (about 100 bytes a request) that all three fit in the kernel's default 128-byte payload cap. */
    private static final String PIPELINED = "GET /p1 HTTP/1.1\r\nHost: p\r\n\r\nGET /p2 HTTP/1.1\r\nHost: p\r\n\r\n"
            + "GET /nope.txt HTTP/1.1\r\nHost: p\r\nConnection: close\r\n\r\n";
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.1 (\\d{3}) ");

    @RegisterExtension
    static final MiniClusterExtension FLINK = L7LiveRun.miniCluster();

    @TempDir
    Path dir;

    @Test
    void keepAlivePostAndPipelinedExchangesAreTheTransactions() throws Exception {
        Path www = Files.createDirectories(dir.resolve("www")), work = Files.createDirectories(dir.resolve("nginx"));
        Files.writeString(www.resolve("a.txt"), "hello a\n");
        Files.writeString(www.resolve("b.txt"), "hello b\n");
        Path body = Files.write(dir.resolve("body"), "x".repeat(BODY_BYTES).getBytes(StandardCharsets.US_ASCII));
        try (Topology t = Topology.hostAndNs();
                NginxServer nginx = NginxServer.start(t.server(), t.serverV4(), PORT, www, work, LOCATIONS)) {
            String client = t.clientV4().getHostAddress(), server = t.serverV4().getHostAddress();
            AtomicReference<String> keepAlive = new AtomicReference<>(), post = new AtomicReference<>();
            AtomicReference<List<String>> pipelined = new AtomicReference<>();
            L7LiveRun run = L7LiveRun.of(t.link(), DURATION, dir, () -> {
                keepAlive.set(curl("--http1.1", nginx.url("/a.txt"), nginx.url("/missing"), nginx.url("/b.txt")));
                post.set(curl("--http1.1", "--data-binary", "@" + body, nginx.url("/submit")));
                pipelined.set(pipelined(new InetSocketAddress(t.serverV4(), PORT)));
            });

            assertThat(keepAlive.get()).as("curl's status codes, one connection").isEqualTo("200 1\n404 0\n200 0\n");
            assertThat(post.get()).isEqualTo("201 1\n");
            assertThat(pipelined.get()).as("nginx answered the pipelined requests in order").containsExactly("204", "204", "404");

            List<Row> http = run.transactions("http", client, server);
            assertThat(http).as("transactions: %s", http).hasSize(7);
            Map<Integer, List<String>> byConnection = new TreeMap<>();
            for (Row r : http) {
                byConnection.computeIfAbsent((Integer) get(r, "src_port"), p -> new ArrayList<>())
                        .add(line(r, "method", "target", "status", "keep_alive", "pipelined"));
            }
            assertThat(byConnection.values()).as("per connection, in order: method path status keep_alive pipelined")
                    .containsExactlyInAnyOrder(
                            List.of("GET /a.txt 200 1 0", "GET /missing 404 1 0", "GET /b.txt 200 1 0"),
                            // curl's POST head (about 160 bytes) fits the default 256-byte cap
                            List.of("POST /submit 201 1 0"),
                            List.of("GET /p1 204 1 0", "GET /p2 204 1 1", "GET /nope.txt 404 0 1"));
            assertThat(http).allSatisfy(r -> {
                assertThat(get(r, "dst_port")).isEqualTo(PORT);
                assertThat((Double) get(r, "latency_ms")).as("request to response").isPositive().isLessThan(1000.0);
                assertThat(get(r, "host")).isIn(server + ":" + PORT, "p");
            });
            Row postRow = http.stream().filter(r -> "POST".equals(get(r, "method"))).findFirst().orElseThrow();
            long postBytes = TsharkOracle.fields(run.pcap(), "tcp.srcport == " + get(postRow, "src_port")
                    + " and tcp.dstport == " + PORT, "tcp.len").stream().mapToLong(f -> Long.parseLong(f[0])).sum();
            assertThat(http).as("request sizes: head plus Content-Length (the POST's = what its client sent, by tshark)")
                    .extracting(r -> line(r, "target", "request_bytes"))
                    .contains("/p1 29", "/p2 29", "/nope.txt 54", "/submit " + postBytes);

            assertThat(byConnection(tsharkHttp(run.pcap()))).as("tshark's HTTP dissector on the same interface")
                    .isEqualTo(byConnection(http.stream().map(r -> new String[] {
                            String.valueOf(get(r, "src_port")), get(r, "method") + " " + get(r, "target"),
                            String.valueOf(get(r, "status"))}).toList()));

            List<Row> flows = run.flows(client, server);
            assertThat(flows).allSatisfy(f -> assertThat(flowField(f, "l7_protocol_detected")).isEqualTo("http"));
            assertThat(flows.stream().mapToLong(f -> (Long) flowField(f, "http_2xx_count")).sum()).as("2xx in the flows dataset").isEqualTo(5);
            assertThat(flows.stream().mapToLong(f -> (Long) flowField(f, "http_4xx_count")).sum()).as("4xx").isEqualTo(2);
        }
    }

    /** curl in the root namespace: per transfer, "status connections-opened". */
    private static String curl(String... args) {
        List<String> argv = new ArrayList<>(List.of("curl", "-sS", "--noproxy", "*", "--max-time", "10",
                "-o", "/dev/null", "-o", "/dev/null", "-o", "/dev/null", "-w", "%{http_code} %{num_connects}\\n"));
        argv.addAll(List.of(args));
        Command.Result r = NetNs.root().exec(Duration.ofSeconds(20), argv.toArray(String[]::new)).checked();
        return r.stdout();
    }

    /** Writes the three requests at once, reads to the server's close; the status codes in order. */
    private static List<String> pipelined(InetSocketAddress server) throws Exception {
        try (Socket s = new Socket()) {
            s.setSoTimeout(10_000);
            s.connect(server, 5_000);
            s.getOutputStream().write(PIPELINED.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            ByteArrayOutputStream in = new ByteArrayOutputStream();
            s.getInputStream().transferTo(in);
            List<String> codes = new ArrayList<>();
            Matcher m = STATUS_LINE.matcher(in.toString(StandardCharsets.US_ASCII));
            while (m.find()) {
                codes.add(m.group(1));
            }
            return codes;
        }
    }

    /**
     * tshark: client port, "METHOD uri" of each request and the code of each response, in capture order. Messages
     * that share a packet (the pipelined requests) come comma-joined in one line.
     */
    private static List<String[]> tsharkHttp(Path pcap) {
        List<String[]> out = new ArrayList<>();
        for (String[] f : TsharkOracle.fields(pcap, "http.request or http.response", "tcp.srcport", "tcp.dstport",
                "http.request.method", "http.request.uri", "http.response.code")) {
            if (!f[2].isEmpty()) {
                String[] methods = f[2].split(","), uris = f[3].split(",");
                for (int i = 0; i < methods.length; i++) {
                    out.add(new String[] {f[0], methods[i] + " " + uris[i], null});
                }
            } else {
                for (String code : f[4].split(",")) {
                    out.add(new String[] {f[1], null, code});
                }
            }
        }
        return out;
    }

    /** Per client port: the requests in order, then the response codes in order. */
    private static Map<String, List<List<String>>> byConnection(List<String[]> events) {
        Map<String, List<List<String>>> m = new TreeMap<>();
        for (String[] e : events) {
            List<List<String>> c = m.computeIfAbsent(e[0], k -> List.of(new ArrayList<>(), new ArrayList<>()));
            if (e[1] != null) {
                c.get(0).add(e[1]);
            }
            if (e[2] != null) {
                c.get(1).add(e[2]);
            }
        }
        return m;
    }
}
