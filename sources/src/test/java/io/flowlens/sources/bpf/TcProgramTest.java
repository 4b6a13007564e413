package io.flowlens.sources.bpf;

import static io.flowlens.sources.bpf.Frames.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The TC program's parsing and records, driven through BPF_PROG_TEST_RUN with hand-built frames. */
@KernelTest
class TcProgramTest {
    static BpfObject obj;
    static RingBuffer ring;
    static ProgramTestRun run;

    @BeforeAll
    static void load() {
        obj = BpfObject.load(BpfObject.Options.defaults().withPayloadCap(64));
        ring = RingBuffer.of(obj);
        run = new ProgramTestRun(obj, BpfObject.PROG_TC_INGRESS);
    }

    @AfterAll
    static void unload() {
        run.close();
        ring.close();
        obj.close();
    }

    /** A copy of one record, taken inside the ring callback. */
    record Rec(byte[] bytes) {
        PacketView view() {
            return new PacketView().wrap(MemorySegment.ofArray(bytes), 0);
        }
    }

    static List<Rec> runFrame(byte[] frame) {
        return runFrame(frame, frame.length);
    }

    static List<Rec> runFrame(byte[] frame, int wireLen) {
        int rc = run.run(frame, frame.length, wireLen);
        assertThat(rc).as("TC program never changes or drops traffic (TC_ACT_UNSPEC)").isEqualTo(-1);
        List<Rec> out = new ArrayList<>();
        ring.drain((seg, off, len) -> out.add(new Rec(seg.asSlice(off, len).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE))), 1000);
        return out;
    }

    static PacketView one(byte[] frame) {
        List<Rec> recs = runFrame(frame);
        assertThat(recs).hasSize(1);
        return recs.get(0).view();
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
        CounterSnapshot before = obj.counters();
        runFrame(eth4(ipv4("198.18.0.1", "198.18.0.2", UDP, udp(1, 2, new byte[10]))));
        runFrame(ether(0x0806, new byte[28])); // ARP: not IP
        CounterSnapshot d = obj.counters().minus(before);
        assertThat(d.get(Counter.PACKETS)).isEqualTo(2);
        assertThat(d.get(Counter.RECORDS)).isEqualTo(1);
        assertThat(d.get(Counter.NOT_IP)).isEqualTo(1);
    }
}
