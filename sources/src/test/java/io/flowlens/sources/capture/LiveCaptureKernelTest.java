package io.flowlens.sources.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.sources.bpf.BpfObject;
import io.flowlens.sources.bpf.Counter;
import io.flowlens.sources.bpf.CounterSnapshot;
import io.flowlens.sources.bpf.KernelTest;
import io.flowlens.sources.bpf.PacketView;
import io.flowlens.sources.bpf.TcAttacher;
import io.flowlens.sources.capture.FlowTally.PacketSummary;
import io.flowlens.testkit.BackgroundProcess;
import io.flowlens.testkit.Capture;
import io.flowlens.testkit.ChildJvm;
import io.flowlens.testkit.Conversation;
import io.flowlens.testkit.CurlResult;
import io.flowlens.testkit.HttpServer;
import io.flowlens.testkit.NetNs;
import io.flowlens.testkit.PingResult;
import io.flowlens.testkit.Topology;
import io.flowlens.testkit.Traffic;
import io.flowlens.testkit.TsharkOracle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live capture on the host end of a veth pair to a namespace, checked against dumpcap capturing the same interface at
 * the same time: real TCP (Java sockets), UDP, ping and curl traffic, over IPv4 and IPv6. The traffic runs once; each
 * test looks at one aspect of the records it produced.
 */
@KernelTest
@ExtendWith(LiveCaptureEnvironment.class)
class LiveCaptureKernelTest {
    private static final int TCP_PORT = 7000, UDP_PORT = 7001, HTTP_PORT = 8080;
    private static final int REQUEST_BYTES = 50_000, REPLY_BYTES = 20_000, BODY_BYTES = 100_000;
    private static final int[] DATAGRAM_SIZES = {1, 64, 512, 1400};
    private static final int PINGS = 5;
    private static final int ICMP_ECHO_REPLY = 0, ICMP_ECHO_REQUEST = 8;

    @TempDir
    static Path dir;
    static Topology topology;
    static Set<String> clientAddresses, serverAddresses;
    static Path pcap;
    static final FlowTally tally = new FlowTally();
    static CounterSnapshot counters;
    static CurlResult curl;
    static PingResult ping;

    @BeforeAll
    static void captureRealTraffic() throws IOException, InterruptedException {
        byte[] body = "flowlens bulk data ".repeat(BODY_BYTES / 19 + 1).substring(0, BODY_BYTES).getBytes(StandardCharsets.US_ASCII);
        Files.write(dir.resolve("blob"), body);
        pcap = dir.resolve("live.pcapng");
        topology = Topology.hostAndNs();
        clientAddresses = Set.of(topology.clientV4().getHostAddress(), topology.clientV6().getHostAddress());
        serverAddresses = Set.of(topology.serverV4().getHostAddress(), topology.serverV6().getHostAddress());
        String dev = topology.link().host().name();
        try (LiveCapture live = LiveCapture.start(InterfaceSpec.parse(dev), BpfObject.Options.defaults(),
                        TcAttacher.Mode.AUTO, Duration.ofMinutes(10));
                BackgroundProcess peer = ChildJvm.start(topology.server(), PeerServer.class, PeerServer.READY,
                        "::", Integer.toString(TCP_PORT), Integer.toString(UDP_PORT), Integer.toString(REPLY_BYTES));
                HttpServer http = Traffic.httpServer(topology.server(), topology.serverV4(), HTTP_PORT, dir);
                Capture capture = TsharkOracle.capture(null, dev, pcap, null)) {
            for (var server : List.of(topology.serverV4(), topology.serverV6())) {
                assertThat(SocketTraffic.tcpExchange(server, TCP_PORT, REQUEST_BYTES)).as(peer.output()).isEqualTo(REPLY_BYTES);
                assertThat(SocketTraffic.udpEchoes(server, UDP_PORT, DATAGRAM_SIZES)).isEqualTo(DATAGRAM_SIZES.length);
            }
            ping = Traffic.ping(NetNs.root(), topology.serverV4().getHostAddress(), PINGS);
            curl = Traffic.curl(NetNs.root(), http.url("/blob"));
            capture.stop();
            counters = drainUntilCountersMatch(live);
        }
    }

    /** Drains the ring until every record the kernel counted has been delivered (a stray packet may come in between). */
    private static CounterSnapshot drainUntilCountersMatch(LiveCapture live) throws InterruptedException {
        CounterSnapshot c = live.counters();
        for (int i = 0; i < 50; i++) {
            while (live.poll(tally, 10_000) > 0) {
                // drained in batches
            }
            c = live.counters();
            if (c.get(Counter.RECORDS) == tally.packets.size()) {
                break;
            }
            Thread.sleep(20);
        }
        return c;
    }

    @AfterAll
    static void removeTopology() {
        if (topology != null) {
            topology.close();
        }
    }

    private static boolean ours(String address) {
        return clientAddresses.contains(address) || serverAddresses.contains(address);
    }

    private static List<PacketSummary> recordsBetweenTestAddresses() {
        return tally.packets.stream().filter(p -> ours(p.src()) && ours(p.dst())).toList();
    }

    @Test
    void trafficRanAsPlanned() {
        assertThat(ping.received()).as(ping.output()).isEqualTo(PINGS);
        assertThat(curl.httpStatus()).as(curl.stderr()).isEqualTo(200);
        assertThat(curl.bodyBytes()).isEqualTo(BODY_BYTES);
    }

    @Test
    void everyRecordWasDeliveredAndNothingWasDropped() {
        assertThat(counters.get(Counter.RECORDS)).as("records the kernel wrote = records polled").isEqualTo(tally.packets.size());
        assertThat(counters.get(Counter.RINGBUF_DROPS)).isZero();
        assertThat(counters.get(Counter.MALFORMED)).isZero();
        assertThat(counters.get(Counter.PACKETS)).isEqualTo(counters.get(Counter.RECORDS) + counters.get(Counter.NOT_IP));
    }

    @Test
    void perFlowPacketAndByteCountsEqualTsharks() {
        List<Conversation> expected = TsharkOracle.conversations(pcap).stream()
                .filter(c -> ours(c.addrA().getHostAddress()) && ours(c.addrB().getHostAddress())).toList();
        List<Conversation> actual = tally.conversations().stream()
                .filter(c -> ours(c.addrA().getHostAddress()) && ours(c.addrB().getHostAddress())).toList();

        assertThat(expected).as("TCP and UDP over IPv4 and IPv6, and the HTTP connection").hasSize(5);
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void tcpPayloadBytesAreWhatTheSocketsWrote() {
        for (String client : clientAddresses) {
            long sent = tally.packets.stream().filter(p -> p.src().equals(client) && p.dport() == TCP_PORT)
                    .mapToLong(PacketSummary::l4PayloadLength).sum();
            long received = tally.packets.stream().filter(p -> p.dst().equals(client) && p.sport() == TCP_PORT)
                    .mapToLong(PacketSummary::l4PayloadLength).sum();
            assertThat(sent).as("request bytes from %s", client).isEqualTo(REQUEST_BYTES);
            assertThat(received).as("reply bytes to %s", client).isEqualTo(REPLY_BYTES);
        }
    }

    @Test
    void tcpFlagCountsEqualTsharksAndEveryConnectionClosedCleanly() {
        Map<String, TcpFlagCounts> actual = recordsBetweenTestAddresses().stream().filter(p -> p.proto() == 6)
                .collect(Collectors.groupingBy(p -> direction(p.src(), p.sport(), p.dst(), p.dport()),
                        Collectors.collectingAndThen(Collectors.mapping(PacketSummary::tcpFlags, Collectors.toList()),
                                TcpFlagCounts::of)));
        Map<String, TcpFlagCounts> expected = TsharkViews.tcpFlagCounts(pcap).entrySet().stream()
                .filter(e -> clientAddresses.stream().anyMatch(a -> e.getKey().contains(a + " ")))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));

        assertThat(actual).as("per direction: SYN, SYN-ACK, FIN, RST, PSH").isEqualTo(expected);
        assertThat(actual).as("three connections, two directions each").hasSize(6);
        actual.forEach((dir, c) -> {
            boolean fromClient = clientAddresses.stream().anyMatch(a -> dir.startsWith(a + " "));
            // at least one: on a loaded machine TCP may resend a SYN or FIN (its timer fires before the ACK is
            // processed); the equality with tshark above is what checks the capture
            assertThat(c.syn() > 0).as("SYN from %s", dir).isEqualTo(fromClient);
            assertThat(c.synAck() > 0).as("SYN-ACK from %s", dir).isEqualTo(!fromClient);
            assertThat(c.fin()).as("a FIN each way: %s", dir).isPositive();
            assertThat(c.rst()).as("no reset: %s", dir).isZero();
            assertThat(c.psh()).as("data was pushed: %s", dir).isPositive();
        });
    }

    static String direction(String src, int sport, String dst, int dport) {
        return src + " " + sport + " > " + dst + " " + dport;
    }

    @Test
    void directionsFollowTheHostEnd() {
        List<PacketSummary> records = recordsBetweenTestAddresses();
        int ifindex = topology.link().host().ifindex();

        assertThat(records).extracting(PacketSummary::ifindex).containsOnly(ifindex);
        assertThat(records.stream().filter(p -> clientAddresses.contains(p.src())))
                .as("leaving the host toward the namespace").isNotEmpty()
                .allSatisfy(p -> assertThat(p.direction()).as("%s", p).isEqualTo(PacketView.DIR_EGRESS));
        assertThat(records.stream().filter(p -> serverAddresses.contains(p.src())))
                .as("arriving from the namespace").isNotEmpty()
                .allSatisfy(p -> assertThat(p.direction()).as("%s", p).isEqualTo(PacketView.DIR_INGRESS));
    }

    @Test
    void icmpEchoTypeIdAndSequenceEqualTsharks() {
        List<PacketSummary> echoes = recordsBetweenTestAddresses().stream()
                .filter(p -> p.proto() == 1 && (p.icmpType() == ICMP_ECHO_REQUEST || p.icmpType() == ICMP_ECHO_REPLY))
                .toList();
        List<String> actual = echoes.stream().map(p -> p.icmpType() + " " + p.icmpId() + " " + p.icmpSeq()).toList();

        assertThat(actual).isEqualTo(TsharkViews.icmpEchoes(pcap));
        int id = echoes.getFirst().icmpId();
        for (int type : new int[] {ICMP_ECHO_REQUEST, ICMP_ECHO_REPLY}) {
            List<PacketSummary> ofType = echoes.stream().filter(p -> p.icmpType() == type).toList();
            assertThat(ofType).extracting(PacketSummary::icmpSeq).as("type %d", type)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, PINGS).boxed().toList());
            assertThat(ofType).extracting(PacketSummary::icmpId).containsOnly(id);
            assertThat(ofType).extracting(PacketSummary::direction).containsOnly(
                    type == ICMP_ECHO_REQUEST ? PacketView.DIR_EGRESS : PacketView.DIR_INGRESS);
        }
    }

    @Test
    void httpMessageStartsCarryTheirLeadingBytesAndBulkDataNone() {
        String client = topology.clientV4().getHostAddress();
        List<PacketSummary> requestData = tally.packets.stream()
                .filter(p -> p.src().equals(client) && p.dport() == HTTP_PORT && p.l4PayloadLength() > 0).toList();
        List<PacketSummary> responseData = tally.packets.stream()
                .filter(p -> p.dst().equals(client) && p.sport() == HTTP_PORT && p.l4PayloadLength() > 0).toList();
        byte[] request = TsharkViews.firstTcpPayload(pcap, "tcp.dstport == " + HTTP_PORT);
        int cap = BpfObject.Options.defaults().payloadCap();

        assertThat(requestData).as("curl's request fits one segment").hasSize(1);
        PacketSummary start = requestData.getFirst();
        assertThat(start.l7Class()).as("HTTP/1 request").isEqualTo(1);
        assertThat(start.payload()).as("the request's leading bytes, as tshark read them")
                .isEqualTo(Arrays.copyOf(request, Math.min(request.length, cap)));
        assertThat(new String(start.payload(), StandardCharsets.ISO_8859_1)).startsWith("GET /blob HTTP/1.1\r\n");

        PacketSummary responseStart = responseData.getFirst();
        assertThat(responseStart.l7Class()).as("HTTP/1 response").isEqualTo(2);
        assertThat(new String(responseStart.payload(), StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.0 200 OK\r\n");
        List<PacketSummary> bulk = responseData.subList(1, responseData.size());
        assertThat(bulk.stream().mapToLong(PacketSummary::l4PayloadLength).sum()).as("the body").isEqualTo(BODY_BYTES);
        assertThat(bulk).allSatisfy(p -> {
            assertThat(p.l7Class()).isZero();
            assertThat(p.payload()).as("bulk data segments carry no payload").isEmpty();
        });
    }
}
