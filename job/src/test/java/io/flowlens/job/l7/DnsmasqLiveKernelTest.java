package io.flowlens.job.l7;

import static io.flowlens.job.l7.L7LiveRun.get;
import static io.flowlens.job.l7.L7LiveRun.line;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.sources.bpf.KernelTest;
import io.flowlens.testkit.DnsmasqServer;
import io.flowlens.testkit.NetNs;
import io.flowlens.testkit.Topology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real dnsmasq in a namespace (authoritative for {@code test.}, no upstream) and dig from Debian's bind9-dnsutils,
 * captured live by the whole pipeline: A, AAAA, NXDOMAIN, a TXT answer too big for UDP (truncated, then the same
 * query over TCP, as dig falls back) and a query over TCP from the start. The transactions are exactly those
 * exchanges, and agree with tshark's DNS dissector on dumpcap's file of the same interface.
 */
@KernelTest
class DnsmasqLiveKernelTest {
    private static final Duration DURATION = Duration.ofSeconds(8);
    private static final String WEB_V4 = "198.18.200.10", WEB_V6 = "2001:2:ffff::10";
    /** Four 200-byte strings: over the 512 bytes of a DNS answer over UDP without EDNS. */
    private static final int TXT_RECORDS = 4;

    @RegisterExtension
    static final MiniClusterExtension FLINK = L7LiveRun.miniCluster();

    @TempDir
    Path dir;

    @Test
    void queriesOverUdpAndTcpAreTheTransactions() throws Exception {
        List<String> records = new ArrayList<>(List.of("--local=/test/", "--local-ttl=300",
                "--host-record=web.test," + WEB_V4 + "," + WEB_V6));
        for (int i = 0; i < TXT_RECORDS; i++) {
            records.add("--txt-record=big.test," + Character.toString('a' + i).repeat(200));
        }
        try (Topology t = Topology.hostAndNs();
                DnsmasqServer dnsmasq = DnsmasqServer.start(t.server(), t.serverV4(), dir, records.toArray(String[]::new))) {
            String client = t.clientV4().getHostAddress(), server = t.serverV4().getHostAddress();
            List<String> digs = new ArrayList<>();
            L7LiveRun run = L7LiveRun.of(t.link(), DURATION, dir, () -> {
                digs.add(dig(server, "web.test", "A"));
                digs.add(dig(server, "web.test", "AAAA"));
                digs.add(dig(server, "missing.test", "A"));
                digs.add(dig(server, "big.test", "TXT", "+noedns"));
                digs.add(dig(server, "web.test", "A", "+tcp"));
            });

            assertThat(digs.get(0)).contains("status: NOERROR").containsPattern("web\\.test\\.\\s+300\\s+IN\\s+A\\s+" + WEB_V4);
            assertThat(digs.get(1)).contains("status: NOERROR").containsPattern("IN\\s+AAAA\\s+" + WEB_V6);
            assertThat(digs.get(2)).contains("status: NXDOMAIN");
            assertThat(digs.get(3)).as("dig retried the truncated answer over TCP").contains("Truncated, retrying in TCP mode")
                    .contains("ANSWER: " + TXT_RECORDS + ",");
            assertThat(digs.get(4)).contains("status: NOERROR").contains("(TCP)");

            List<Row> udp = run.transactions("dns", client, server).stream().filter(r -> (Integer) get(r, "protocol") == 17).toList();
            List<Row> tcp = run.transactions("dns", client, server).stream().filter(r -> (Integer) get(r, "protocol") == 6).toList();
            String[] columns = {"method", "target", "dns_qtype", "status", "dns_answers", "dns_answer_data", "partial"};
            assertThat(udp).as("over UDP: qname qtype rcode answers answer-data partial")
                    .extracting(r -> line(r, columns)).containsExactly(
                            "QUERY web.test 1 0 1 " + WEB_V4 + "/300 0",
                            "QUERY web.test 28 0 1 " + WEB_V6 + "/300 0",
                            "QUERY missing.test 1 3 0 null 0",
                            // dnsmasq sets TC and sends the two TXT records that fit in 512 bytes; they lie past
                            // the payload cap: the count is known, the data is not
                            "QUERY big.test 16 0 2 null 1");
            assertThat(tcp).as("over TCP: the truncated query again, then dig +tcp").extracting(r -> line(r, columns))
                    .containsExactly(
                            // the four TXT strings lie past the payload cap: the count is known, the data is not
                            "QUERY big.test 16 0 " + TXT_RECORDS + " null 1",
                            "QUERY web.test 1 0 1 " + WEB_V4 + "/300 0");
            assertThat(run.transactions("dns", client, server)).allSatisfy(r -> {
                assertThat(get(r, "dst_port")).isEqualTo(53);
                assertThat((Double) get(r, "latency_ms")).isPositive().isLessThan(1000.0);
            });
            assertThat(run.transactions("dns", client, server).stream().filter(r -> (Integer) get(r, "status") == 3))
                    .as("NXDOMAIN fails by DNS's rules").allSatisfy(r -> assertThat(get(r, "failed")).isEqualTo(1));

            List<String> ours = run.transactions("dns", client, server).stream()
                    .map(r -> get(r, "dns_id") + " " + get(r, "target") + " " + get(r, "dns_qtype") + " | " + get(r, "status")
                            + " " + get(r, "dns_answers") + " " + Objects.toString(get(r, "dns_answer_data")))
                    .sorted().toList();
            assertThat(ours).as("tshark's DNS dissector on the same interface")
                    .isEqualTo(TsharkL7.dns(run.pcap()).stream().sorted().toList());
        }
    }

    /** dig in the root namespace, one try, 3 s; its whole output. */
    private static String dig(String server, String name, String type, String... options) {
        List<String> argv = new ArrayList<>(List.of("dig", "@" + server, "+tries=1", "+time=3"));
        argv.addAll(List.of(options));
        argv.addAll(List.of(name, type));
        return NetNs.root().exec(Duration.ofSeconds(15), argv.toArray(String[]::new)).checked().stdout();
    }
}
