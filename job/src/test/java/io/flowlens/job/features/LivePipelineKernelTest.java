package io.flowlens.job.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.job.schema.FlowSchema;
import io.flowlens.sources.bpf.KernelTest;
import io.flowlens.sources.capture.PeerServer;
import io.flowlens.testkit.BackgroundProcess;
import io.flowlens.testkit.ChildJvm;
import io.flowlens.testkit.CurlResult;
import io.flowlens.testkit.HttpServer;
import io.flowlens.testkit.NetNs;
import io.flowlens.testkit.PingResult;
import io.flowlens.testkit.Topology;
import io.flowlens.testkit.Traffic;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounded live runs of the whole flows pipeline (TC capture on a veth's host end, reader slicing, windows, features)
 * with dumpcap on the same interface: per flow, packet, byte, direction and TCP flag totals equal tshark's; a TCP
 * connection spanning windows gets one row per window with its state moving on; windows fire during the run.
 */
@KernelTest
class LivePipelineKernelTest {
    private static final Duration WINDOW = Duration.ofSeconds(2), DURATION = Duration.ofSeconds(9);
    private static final long WINDOW_MS = WINDOW.toMillis();
    private static final int PINGS = 5, TCP_PORT = 7000, UNUSED_UDP_PORT = 7001, HTTP_PORT = 8080;
    private static final int CHUNKS = 6, CHUNK_BYTES = 10_000, REPLY_BYTES = 20_000, BODY_BYTES = 30_000;
    /** Chunks this far apart span 2.5 s (more than a window) with no window left empty in between. */
    private static final Duration CHUNK_GAP = Duration.ofMillis(500);
    /** Under the slicer's 1 s lateness, with room for starting ping. */
    private static final Duration LAST_PING_BEFORE_END = Duration.ofMillis(700);

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    Path dir;

    @Test
    void liveRowsEqualDumpcapPerFlow() throws Exception {
        Files.write(dir.resolve("body"), new byte[BODY_BYTES]);
        try (Topology t = Topology.hostAndNs();
                BackgroundProcess peer = ChildJvm.start(t.server(), PeerServer.class, PeerServer.READY,
                        t.serverV4().getHostAddress(), Integer.toString(TCP_PORT), Integer.toString(UNUSED_UDP_PORT),
                        Integer.toString(REPLY_BYTES));
                HttpServer http = Traffic.httpServer(t.server(), t.serverV4(), HTTP_PORT, dir)) {
            String host = t.clientV4().getHostAddress(), ns = t.serverV4().getHostAddress();
            AtomicReference<PingResult> ping = new AtomicReference<>();
            AtomicReference<CurlResult> curl = new AtomicReference<>();
            AtomicReference<Long> replied = new AtomicReference<>();
            AtomicReference<PingResult> lastPing = new AtomicReference<>();
            LiveRun run = LiveRun.of(t.link(), DURATION, WINDOW, false, dir, end -> {
                ping.set(Traffic.ping(NetNs.root(), ns, PINGS));
                curl.set(Traffic.curl(NetNs.root(), http.url("/body")));
                replied.set(spreadExchange(new InetSocketAddress(t.serverV4(), TCP_PORT)));
                // less than the slicer's lateness before the end: only the end of the run can close its window
                Thread.sleep(Math.max(0, (end - LAST_PING_BEFORE_END.toNanos() - System.nanoTime()) / 1_000_000));
                lastPing.set(Traffic.ping(NetNs.root(), ns, 1));
            });

            assertThat(ping.get().received()).as(ping.get().output()).isEqualTo(PINGS);
            assertThat(lastPing.get().received()).as(lastPing.get().output()).isEqualTo(1);
            assertThat(curl.get().bodyBytes()).as(curl.get().stderr()).isEqualTo(BODY_BYTES);
            assertThat(replied.get()).as(peer.output()).isEqualTo(REPLY_BYTES);
            List<Row> ours = run.rows().stream().filter(r -> between(r, host, ns) || between(r, ns, host)).toList();
            FlowTotals.assertEqualAcrossCapturePoints(FlowTotals.ofRows(ours, host), FlowTotals.ofCapture(run.pcap(), host), 3,
                    "per-flow totals of the live rows = tshark on dumpcap's file of the same interface");
            assertThat(ours).allSatisfy(r -> {
                assertThat(r.getField(col("src_ip"))).as("initiator: the host end").isEqualTo(host);
                assertThat(r.getField(col("dst_ip"))).isEqualTo(ns);
                assertThat((Long) r.getField(col("window_start_ms")) % WINDOW_MS).as("aligned to the window").isZero();
                assertThat((Long) r.getField(col("window_end_ms")) - (Long) r.getField(col("window_start_ms"))).isEqualTo(WINDOW_MS);
                assertThat(r.getField(col("interfaces"))).isEqualTo(t.link().host().name());
            });
            assertSpreadConnection(flow(ours, 6, TCP_PORT));
            assertPings(flow(ours, 1, 0));
            assertThat(flow(ours, 6, HTTP_PORT)).as("curl's connection is HTTP (kernel signature of the request)")
                    .anySatisfy(r -> assertThat(r.getField(col("l7_protocol"))).isEqualTo(L7Protocols.HTTP))
                    .allSatisfy(r -> assertThat(r.getField(col("l7_protocol"))).isIn(L7Protocols.NONE, L7Protocols.HTTP));
            assertThat(run.rowsBeforeCaptureEnd()).as("windows fire while the capture runs (live watermarks), "
                    + "not only when it ends; %d rows in all", run.rows().size()).isPositive();
        }
    }

    @Test
    void liveRowsCarryTheNodesSystemMetrics() throws Exception {
        try (Topology t = Topology.hostAndNs()) {
            String host = t.clientV4().getHostAddress(), ns = t.serverV4().getHostAddress();
            AtomicReference<PingResult> ping = new AtomicReference<>();
            LiveRun run = LiveRun.of(t.link(), DURATION, WINDOW, true, dir, end -> {
                // the sampler's first boundary only takes a baseline, so the window of the attach may have no
                // metrics: ping from the second boundary on (at most two windows later, well inside the capture)
                long now = System.currentTimeMillis();
                Thread.sleep((now / WINDOW_MS + 2) * WINDOW_MS + 100 - now);
                ping.set(Traffic.ping(NetNs.root(), ns, PINGS));
            });

            assertThat(ping.get().received()).as(ping.get().output()).isEqualTo(PINGS);
            List<Row> pings = flow(run.rows().stream().filter(r -> between(r, host, ns)).toList(), 1, 0);
            assertThat(pings.stream().mapToLong(r -> (Long) r.getField(col("forward_packets"))).sum()).isEqualTo(PINGS);
            assertThat(pings).as("every live row joined to its node's metrics of the same window").allSatisfy(r -> {
                for (String c : List.of("cpu_usage_percent", "memory_usage_percent", "memory_available_mb",
                        "disk_read_bytes", "disk_write_bytes", "disk_read_count", "disk_write_count",
                        "disk_avg_latency_us", "oom_kills", "process_cpu_top3")) {
                    assertThat(r.getField(col(c))).as(c).isNotNull();
                }
                assertThat((Double) r.getField(col("cpu_usage_percent"))).isBetween(0.0, 100.0);
                assertThat((Double) r.getField(col("memory_available_mb"))).isPositive();
            });
        }
    }

    /** The TCP connection sent in chunks across windows: one row per window, its state and duration moving on. */
    private static void assertSpreadConnection(List<Row> rows) {
        assertThat(rows).as("a connection spanning %s has a row per window", WINDOW).hasSizeGreaterThanOrEqualTo(2);
        for (int i = 1; i < rows.size(); i++) {
            assertThat((Long) rows.get(i).getField(col("window_start_ms")))
                    .as("consecutive windows").isEqualTo((Long) rows.get(i - 1).getField(col("window_start_ms")) + WINDOW_MS);
            assertThat((Double) rows.get(i).getField(col("flow_duration")))
                    .as("flow_duration counts from the connection's start").isGreaterThan((Double) rows.get(i - 1).getField(col("flow_duration")));
        }
        Row first = rows.getFirst(), last = rows.getLast();
        assertThat(first.getField(col("connection_state"))).isEqualTo("ESTABLISHED");
        assertThat(first.getField(col("handshake_rtt_ms"))).as("the first window saw the handshake").isNotNull();
        assertThat(first.getField(col("syn_count"))).isEqualTo(1L);
        assertThat(last.getField(col("connection_state"))).as("FIN both ways by the last window").isEqualTo("CLOSED");
    }

    /** The pings, then one more just before the capture ends, whose window only the run's end closes. */
    private static void assertPings(List<Row> rows) {
        assertThat(rows).isNotEmpty().allSatisfy(r -> {
            assertThat(r.getField(col("l7_protocol"))).isEqualTo(L7Protocols.ICMP);
            if ((Long) r.getField(col("backward_packets")) > 0) {
                assertThat((Double) r.getField(col("icmp_echo_rtt_ms"))).as("replies in the window give an RTT").isPositive();
            }
        });
        assertThat(rows.stream().mapToLong(r -> (Long) r.getField(col("forward_packets"))).sum()).as("requests").isEqualTo(PINGS + 1);
        assertThat(rows.stream().mapToLong(r -> (Long) r.getField(col("backward_packets"))).sum()).as("replies").isEqualTo(PINGS + 1);
    }

    /**
     * One connection to the {@link PeerServer}: {@link #CHUNKS} chunks {@link #CHUNK_GAP} apart, half-close, then its
     * reply to the end. Both sides send one FIN; nothing is reset.
     */
    private static long spreadExchange(InetSocketAddress server) throws Exception {
        try (Socket s = new Socket()) {
            s.setSoTimeout(10_000);
            s.connect(server, 10_000);
            OutputStream out = s.getOutputStream();
            for (int i = 0; i < CHUNKS; i++) {
                if (i > 0) {
                    Thread.sleep(CHUNK_GAP);
                }
                out.write(new byte[CHUNK_BYTES]);
                out.flush();
            }
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            long received = 0;
            byte[] buf = new byte[16384];
            for (int n; (n = in.read(buf)) >= 0; ) {
                received += n;
            }
            return received;
        }
    }

    private static boolean between(Row r, String src, String dst) {
        return src.equals(r.getField(col("src_ip"))) && dst.equals(r.getField(col("dst_ip")));
    }

    /** Rows of the flow with this protocol and responder port, in window order. */
    private static List<Row> flow(List<Row> rows, int protocol, int dstPort) {
        return rows.stream()
                .filter(r -> (Integer) r.getField(col("protocol")) == protocol && (Integer) r.getField(col("dst_port")) == dstPort)
                .sorted(Comparator.comparing(r -> (Long) r.getField(col("window_start_ms"))))
                .toList();
    }

    private static int col(String name) {
        return FlowSchema.FLOWS.index(name);
    }
}
