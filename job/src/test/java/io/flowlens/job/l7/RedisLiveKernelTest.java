package io.flowlens.job.l7;

import static io.flowlens.job.l7.L7LiveRun.flowField;
import static io.flowlens.job.l7.L7LiveRun.get;
import static io.flowlens.job.l7.L7LiveRun.line;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.job.l7.redis.TsharkResp;
import io.flowlens.sources.bpf.KernelTest;
import io.flowlens.testkit.NetNs;
import io.flowlens.testkit.RedisServer;
import io.flowlens.testkit.Topology;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real redis-server on a non-standard port in a namespace, with redis-cli (RESP2, and RESP3 after HELLO 3: a map,
 * a double and a boolean reply), inline commands on a raw socket, and redis-benchmark pipelining, captured live by the
 * whole pipeline. The transactions are exactly those commands, per connection and in order, with their error
 * replies and which ones were pipelined; their names agree with tshark's RESP dissector on dumpcap's file.
 */
@KernelTest
class RedisLiveKernelTest {
    private static final int PORT = 7379;
    private static final Duration DURATION = Duration.ofSeconds(10);
    /** redis-benchmark's per-connection request count. */
    private static final int REQUESTS = 10;
    private static final String NOT_AN_INTEGER = "ERR value is not an integer or out of range";

    @RegisterExtension
    static final MiniClusterExtension FLINK = L7LiveRun.miniCluster();

    @TempDir
    Path dir;

    @Test
    void cliInlineResp3AndPipelinedCommandsAreTheTransactions() throws Exception {
        try (Topology t = Topology.hostAndNs(); RedisServer redis = RedisServer.start(t.server(), t.serverV4(), PORT, dir)) {
            String client = t.clientV4().getHostAddress(), server = t.serverV4().getHostAddress();
            List<String> cli = Collections.synchronizedList(new ArrayList<>());
            AtomicReference<String> inline = new AtomicReference<>();
            L7LiveRun run = L7LiveRun.of(t.link(), DURATION, dir, () -> {
                cli.add(cli(server, "SET", "greeting", "hello"));
                cli.add(cli(server, "INCR", "greeting"));
                cli.add(cli(server, "NOSUCHCMD"));
                cli.add(cli(server, "-3", "ZADD", "z", "1.5", "m"));
                cli.add(cli(server, "-3", "ZSCORE", "z", "m"));
                cli.add(cli(server, "-3", "EVAL", "redis.setresp(3); return true", "0"));
                inline.set(inline(new InetSocketAddress(t.serverV4(), PORT)));
                benchmark(server, "ping", 5);
                benchmark(server, "set,get", 2);
            });

            assertThat(cli).as(redis.output()).extracting(String::strip).containsExactly("OK", NOT_AN_INTEGER,
                    "ERR unknown command 'NOSUCHCMD', with args beginning with:", "1", "1.5", "(true)");
            assertThat(inline.get()).isEqualTo("+PONG\r\n$2\r\nhi\r\n$5\r\nhello\r\n");

            List<Row> redisRows = run.transactions("redis", client, server);
            Map<Integer, List<String>> byConnection = new TreeMap<>();
            for (Row r : redisRows) {
                byConnection.computeIfAbsent((Integer) get(r, "src_port"), p -> new ArrayList<>())
                        .add(line(r, "method", "status", "pipelined") + (get(r, "message") == null ? "" : " " + get(r, "message")));
            }
            List<String> configGets = List.of("CONFIG 0 0", "CONFIG 0 1"); // redis-benchmark reads save and appendonly
            assertThat(byConnection.values()).as("per connection, in order: command status pipelined [error]")
                    .containsExactlyInAnyOrder(
                            List.of("SET 0 0"),
                            List.of("INCR 1 0 " + NOT_AN_INTEGER),
                            List.of("NOSUCHCMD 1 0 ERR unknown command 'NOSUCHCMD', with args beginning with: "),
                            // RESP3: HELLO's map, then an integer, a double and a boolean reply
                            List.of("HELLO 0 0", "ZADD 0 0"),
                            List.of("HELLO 0 0", "ZSCORE 0 0"),
                            List.of("HELLO 0 0", "EVAL 0 0"),
                            List.of("PING 0 0", "ECHO 0 0", "GET 0 0"), // inline, on a raw socket
                            configGets, batches("PING", 5), batches("PING", 5), // PING_INLINE, then PING_MBULK
                            configGets, batches("SET", 2), batches("GET", 2));
            assertThat(redisRows).allSatisfy(r -> {
                assertThat(get(r, "dst_port")).isEqualTo(PORT);
                assertThat((Double) get(r, "latency_ms")).as("command to reply").isPositive().isLessThan(1000.0);
            });
            assertThat(redisRows).filteredOn(r -> (Integer) get(r, "status") == 1).as("error replies fail")
                    .hasSize(2).allSatisfy(r -> assertThat(get(r, "failed")).isEqualTo(1));
            assertThat(byConnection.values().stream().map(c -> c.stream().map(l -> l.split(" ")[0]).toList()))
                    .as("command names per connection = tshark's RESP dissector on the same interface (RESP arrays, and "
                            + "the inline lines it marks as fragments)")
                    .containsExactlyInAnyOrderElementsOf(tsharkCommands(run.pcap(), client));
            assertThat(run.flows(client, server)).as("every connection is Redis in the flows dataset")
                    .allSatisfy(f -> assertThat(flowField(f, "l7_protocol_detected")).isEqualTo("redis"));
        }
    }

    /** Per client connection, the names of the commands tshark finds (the heads of the client's values), in order. */
    private static List<List<String>> tsharkCommands(Path pcap, String client) throws Exception {
        Map<String, List<String>> bySender = new TreeMap<>();
        for (TsharkResp.Value v : TsharkResp.values(pcap, PORT)) {
            if (v.sender().startsWith(client + "#")) {
                bySender.computeIfAbsent(v.sender(), k -> new ArrayList<>())
                        .add(v.head() == null ? null : v.head().toUpperCase(Locale.ROOT));
            }
        }
        return List.copyOf(bySender.values());
    }

    /** {@link #REQUESTS} commands sent {@code pipeline} at a time: all but the first of each batch are pipelined. */
    private static List<String> batches(String command, int pipeline) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            out.add(command + " 0 " + (i % pipeline == 0 ? 0 : 1));
        }
        return out;
    }

    /** redis-cli in the root namespace, one command (one connection); its output. */
    private static String cli(String server, String... args) {
        List<String> argv = new ArrayList<>(List.of("redis-cli", "-h", server, "-p", Integer.toString(PORT)));
        argv.addAll(List.of(args));
        return NetNs.root().exec(Duration.ofSeconds(10), argv.toArray(String[]::new)).checked().stdout();
    }

    /** Inline commands, each answered before the next: PING, ECHO and a lower-case GET; the replies. */
    private static String inline(InetSocketAddress server) throws Exception {
        try (Socket s = new Socket()) {
            s.setSoTimeout(5_000);
            s.connect(server, 5_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            StringBuilder replies = new StringBuilder();
            String[][] exchanges = {{"PING\r\n", "+PONG\r\n"}, {"ECHO hi\r\n", "$2\r\nhi\r\n"}, {"get greeting\r\n", "$5\r\nhello\r\n"}};
            for (String[] e : exchanges) {
                out.write(e[0].getBytes(StandardCharsets.US_ASCII));
                out.flush();
                replies.append(new String(in.readNBytes(e[1].length()), StandardCharsets.US_ASCII));
            }
            return replies.toString();
        }
    }

    /** redis-benchmark, one client, {@link #REQUESTS} requests per test, {@code pipeline} at a time. */
    private static void benchmark(String server, String tests, int pipeline) {
        NetNs.root().exec(Duration.ofSeconds(20), "redis-benchmark", "-h", server, "-p", Integer.toString(PORT), "-c", "1",
                "-n", Integer.toString(REQUESTS), "-P", Integer.toString(pipeline), "-t", tests, "-q").checked();
    }
}
