package io.flowlens.sources.bpf;

import static io.flowlens.sources.bpf.Frames.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The TC program's parsing and records, driven through BPF_PROG_TEST_RUN with hand-built frames. */
@KernelTest
class TcProgramTest {
    static TcTestRun tc;

    @BeforeAll
    static void load() {
        tc = TcTestRun.load(BpfObject.Options.defaults().withPayloadCap(64), BpfObject.PROG_TC_INGRESS);
    }

    @AfterAll
    static void unload() {
        tc.close();
    }

    static List<PacketView> runFrame(byte[] frame) {
        return runFrame(frame, frame.length);
    }

    static List<PacketView> runFrame(byte[] frame, int wireLen) {
        int rc = tc.run(frame, wireLen);
        assertThat(rc).as("TC program never changes or drops traffic (TC_ACT_UNSPEC)").isEqualTo(-1);
        return tc.drain(1000);
    }

    static PacketView one(byte[] frame) {
        List<PacketView> recs = runFrame(frame);
        assertThat(recs).hasSize(1);
        return recs.get(0);
    }

    @Test
    void tcpSynOverIpv4() {
        PacketView p = one(eth4(ipv4("198.18.0.1", "198.18.0.2", TCP, tcp(40000, 80, 1000, 0, 0x02, 64240, new byte[0]))));
        assertThat(p.ipVersion()).isEqualTo(4);
        assertThat(p.l4Protocol()).isEqualTo(TCP);
        assertThat(p.sourceAddress().getHostAddress()).isEqualTo("198.18.0.1");
        assertThat(p.destinationAddress().getHostAddress()).isEqualTo("198.18.0.2");
        assertThat(p.sport()).isEqualTo(40000);
        assertThat(p.dport()).isEqualTo(80);
        assertThat(p.seq()).isEqualTo(1000);
        assertThat(p.tcpFlags()).isEqualTo(0x02);
        assertThat(p.window()).isEqualTo(64240);
        assertThat(p.ipLength()).isEqualTo(40);
        assertThat(p.l4PayloadLength()).isZero();
        assertThat(p.ttl()).isEqualTo(64);
        assertThat(p.tcpHeaderLength()).isEqualTo(20);
        assertThat(p.wirePackets()).isEqualTo(1);
        assertThat(p.l7Class()).isZero();
        assertThat(p.caplen()).isZero();
        assertThat(p.direction()).isEqualTo(PacketView.DIR_INGRESS);
    }

    @Test
    void httpRequestStartCarriesCappedPayload() {
        byte[] req = ascii("GET /index.html HTTP/1.1\r\nHost: 198.18.0.2\r\nUser-Agent: flowlens-test/1.0 (a long header line)\r\n\r\n");
        PacketView p = one(eth4(ipv4("198.18.0.1", "198.18.0.2", TCP, tcp(40000, 8080, 1, 1, 0x18, 502, req))));
        assertThat(p.l7Class()).isEqualTo(1);
        assertThat(p.l4PayloadLength()).isEqualTo(req.length);
        assertThat(p.caplen()).as("payload cap of 64").isEqualTo(64);
        assertThat(new String(p.payload().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE))).startsWith("GET /index.html HTTP/1.1");
    }

    /**
     * The Redis signature (fl_classify): RESP3's type bytes ({@code , # ( = ! _}, seen from a real redis-server after
     * HELLO 3) and inline commands (redis-benchmark's PING_INLINE, telnet users) are Redis (7); HTTP requests stay
     * HTTP (1); other line protocols' verbs and text that merely starts like a command are nothing (0). Payloads
     * with escapes: \r and \n stand for CR and LF.
     */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            // RESP3 replies a real redis-server sends after HELLO 3
            ",1.5\\r\\n | 7", ",-inf\\r\\n | 7", ",1.23e-5\\r\\n | 7", "#t\\r\\n | 7", "#f\\r\\n | 7",
            "(3492890328409\\r\\n | 7", "=15\\r\\ntxt:Some string\\r\\n | 7",
            "!21\\r\\nSYNTAX invalid syntax\\r\\n | 7",
            // RESP2 and RESP3 that were classified before, still are
            "+OK\\r\\n | 7", "-ERR unknown command\\r\\n | 7", ":1\\r\\n | 7", "$5\\r\\nhello\\r\\n | 7",
            "%7\\r\\n$6\\r\\nserver\\r\\n | 7", "_\\r\\n | 7", "*2\\r\\n$4\\r\\nECHO\\r\\n | 7",
            // inline commands
            "PING\\r\\n | 7", "ping\\r\\n | 7", "PING\\n | 7", "ECHO hi\\r\\n | 7", "get greeting\\r\\n | 7",
            "GET greeting\\r\\n | 7", "SET k v\\r\\n | 7", "DBSIZE\\r\\n | 7", "FLUSHALL\\r\\n | 7",
            "KEYS *\\r\\n | 7", "PUBLISH Foo \"Hi there :)\"\\r\\n | 7", "SUBSCRIBE news\\r\\n | 7",
            "subscribe news\\r\\n | 7", "UNSUBSCRIBE\\r\\n | 7",
            // HTTP stays HTTP, even when its method is a Redis command's name
            "GET / HTTP/1.1\\r\\n | 1", "GET http://h/ HTTP/1.1\\r\\n | 1", "GET /index.html HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n | 1",
            // not Redis: other protocols' verbs, long lines, mixed case, doubles and booleans that are not
            "QUIT\\r\\n | 0", "AUTH PLAIN\\r\\n | 0", "EHLO mail\\r\\n | 0", "USER anonymous\\r\\n | 0",
            "Set the table for dinner\\r\\n | 0", "Ping\\r\\n | 0", "set aside some time for it | 0",
            "PINGPONG\\r\\n | 0", ",abc\\r\\n | 0", ",\\r\\n | 0", "#x\\r\\n | 0", "#t | 0", "(12a\\r\\n | 0",
            "get key-without-line-end | 0", "FLUSHALLS\\r\\n | 0", "SUBSCRIBER\\r\\n | 0", "GET_READY\\r\\n | 0"})
    void redisSignature(String escaped, int expectedClass) {
        byte[] payload = ascii(escaped.strip().replace("\\r", "\r").replace("\\n", "\n"));
        PacketView p = one(eth4(ipv4("198.18.0.1", "198.18.0.2", TCP, tcp(40000, 7379, 1, 1, 0x18, 502, payload))));
        assertThat(p.l7Class()).as("class of %s", escaped).isEqualTo(expectedClass);
        assertThat(p.caplen()).as("payload exported only for a signature").isEqualTo(expectedClass == 0 ? 0 : payload.length);
    }

    @Test
    void bulkDataCarriesNoPayload() {
        byte[] bulk = new byte[1400];
        new java.util.Random(7).nextBytes(bulk);
        bulk[0] = 'x';
        PacketView p = one(eth4(ipv4("198.18.0.2", "198.18.0.1", TCP, tcp(8080, 40000, 5, 6, 0x10, 500, bulk))));
        assertThat(p.l7Class()).isZero();
        assertThat(p.caplen()).isZero();
        assertThat(p.l4PayloadLength()).isEqualTo(1400);
    }

    @Test
    void ipv6UdpDns() {
        byte[] dns = new byte[] {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 3, 'w', 'w', 'w', 0, 0, 1, 0, 1};
        PacketView p = one(eth6(ipv6("2001:2::1", "2001:2::2", UDP, udp(5353, 53, dns))));
        assertThat(p.ipVersion()).isEqualTo(6);
        assertThat(p.l4Protocol()).isEqualTo(UDP);
        assertThat(p.sourceAddress().getHostAddress()).isEqualTo("2001:2:0:0:0:0:0:1");
        assertThat(p.l7Class()).isEqualTo(6);
        assertThat(p.caplen()).isEqualTo(dns.length);
        assertThat(p.ttl()).isEqualTo(63);
    }

    @Test
    void icmpEchoAndVlan() {
        PacketView p = one(ether(0x0800, ipv4("198.18.0.1", "198.18.0.2", ICMP, icmpEcho(8, 77, 3)), 0x8100, 42));
        assertThat(p.vlanId()).isEqualTo(42);
        assertThat(p.icmpType()).isEqualTo(8);
        assertThat(p.icmpId()).isEqualTo(77);
        assertThat(p.icmpSeq()).isEqualTo(3);
    }

    @Test
    void countersAreConsistent() {
        CounterSnapshot before = tc.object().counters();
        runFrame(eth4(ipv4("198.18.0.1", "198.18.0.2", UDP, udp(1, 2, new byte[10]))));
        runFrame(ether(0x0806, new byte[28])); // ARP: not IP
        CounterSnapshot d = tc.object().counters().minus(before);
        assertThat(d.get(Counter.PACKETS)).isEqualTo(2);
        assertThat(d.get(Counter.RECORDS)).isEqualTo(1);
        assertThat(d.get(Counter.NOT_IP)).isEqualTo(1);
    }
}
