package io.flowlens.job.l7;

import static io.flowlens.job.l7.L7LiveRun.flowField;
import static io.flowlens.job.l7.L7LiveRun.get;
import static io.flowlens.job.l7.L7LiveRun.line;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.sources.bpf.KernelTest;
import io.flowlens.testkit.NetNs;
import io.flowlens.testkit.PingResult;
import io.flowlens.testkit.Topology;
import io.flowlens.testkit.Traffic;
import io.flowlens.testkit.TsharkOracle;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * ping and ping -6 to a namespace, and a UDP datagram to a closed port of it over IPv4 and IPv6 (its kernel answers
 * port unreachable), captured live by the whole pipeline: one ECHO transaction per reply with its RTT, one
 * UNREACHABLE per error, as tshark counts them on dumpcap's file of the same interface.
 */
@KernelTest
class IcmpLiveKernelTest {
    private static final int PINGS_V4 = 3, PINGS_V6 = 2, CLOSED_PORT = 9;
    private static final Duration DURATION = Duration.ofSeconds(7);

    @RegisterExtension
    static final MiniClusterExtension FLINK = L7LiveRun.miniCluster();

    @TempDir
    Path dir;

    @Test
    void echoesAndUnreachablesAreTheTransactions() throws Exception {
        try (Topology t = Topology.hostAndNs()) {
            String client4 = t.clientV4().getHostAddress(), server4 = t.serverV4().getHostAddress();
            String client6 = t.clientV6().getHostAddress(), server6 = t.serverV6().getHostAddress();
            AtomicReference<PingResult> ping4 = new AtomicReference<>(), ping6 = new AtomicReference<>();
            List<Boolean> refused = new ArrayList<>();
            L7LiveRun run = L7LiveRun.of(t.link(), DURATION, dir, () -> {
                ping4.set(Traffic.ping(NetNs.root(), server4, PINGS_V4));
                ping6.set(Traffic.ping(NetNs.root(), server6, PINGS_V6));
                refused.add(portUnreachable(t.serverV4()));
                refused.add(portUnreachable(t.serverV6()));
            });

            assertThat(ping4.get().received()).as(ping4.get().output()).isEqualTo(PINGS_V4);
            assertThat(ping6.get().received()).as(ping6.get().output()).isEqualTo(PINGS_V6);
            assertThat(refused).as("the closed ports answered port unreachable").containsExactly(true, true);

            String[] columns = {"protocol", "method", "status", "message"};
            assertThat(icmp(run, client4, server4)).as("IPv4: protocol method status message")
                    .extracting(r -> line(r, columns)).containsExactly(
                            "1 ECHO 0 null", "1 ECHO 0 null", "1 ECHO 0 null", "1 UNREACHABLE 3 code 3");
            assertThat(icmp(run, client6, server6)).as("IPv6").extracting(r -> line(r, columns)).containsExactly(
                    "58 ECHO 0 null", "58 ECHO 0 null", "58 UNREACHABLE 1 code 4");
            assertThat(Stream.concat(icmp(run, client4, server4).stream(), icmp(run, client6, server6).stream())
                    .filter(r -> "ECHO".equals(get(r, "method"))))
                    .allSatisfy(r -> assertThat((Double) get(r, "latency_ms")).as("RTT").isPositive().isLessThan(1000.0));

            assertThat(tsharkIcmp(run.pcap())).as("tshark on the same interface: echo requests, replies, unreachables")
                    .containsExactlyInAnyOrder("1 8 0", "1 8 0", "1 8 0", "1 0 0", "1 0 0", "1 0 0", "1 3 3",
                            "58 128 0", "58 128 0", "58 129 0", "58 129 0", "58 1 4");
            long unreachableInFlows = Stream.of(run.flows(client4, server4), run.flows(server4, client4),
                            run.flows(client6, server6), run.flows(server6, client6)).flatMap(List::stream)
                    .filter(f -> (Integer) flowField(f, "protocol") != 17)
                    .mapToLong(f -> (Long) flowField(f, "icmp_unreachable_count")).sum();
            assertThat(unreachableInFlows).as("icmp_unreachable_count in the flows dataset").isEqualTo(2);
        }
    }

    /** ICMP transactions between the two addresses, either way round (an error's sender is the server). */
    private static List<Row> icmp(L7LiveRun run, String client, String server) {
        return Stream.concat(run.transactions("icmp", client, server).stream(), run.transactions("icmp", server, client).stream())
                .sorted(java.util.Comparator.comparing((Row r) -> (Long) get(r, "timestamp_ms"))).toList();
    }

    /** One datagram to a closed port; true once the ICMP error came back (the connected socket's next receive fails). */
    private static boolean portUnreachable(InetAddress server) throws Exception {
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(2_000);
            s.connect(new InetSocketAddress(server, CLOSED_PORT));
            s.send(new DatagramPacket(new byte[] {1, 2, 3}, 3));
            try {
                s.receive(new DatagramPacket(new byte[16], 16));
                return false;
            } catch (PortUnreachableException e) {
                return true;
            }
        }
    }

    /** "ipProtocol type code" of each echo and unreachable message tshark finds (neighbour discovery left out). */
    private static List<String> tsharkIcmp(Path pcap) {
        List<String> out = new ArrayList<>();
        for (String[] f : TsharkOracle.firstFields(pcap, "icmp or (icmpv6 and icmpv6.type < 133)", "icmp.type",
                "icmp.code", "icmpv6.type", "icmpv6.code")) {
            out.add(f[0].isEmpty() ? "58 " + f[2] + " " + f[3] : "1 " + f[0] + " " + f[1]);
        }
        return out;
    }
}
