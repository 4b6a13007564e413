package io.flowlens.sources.bpf;

import static io.flowlens.sources.bpf.Frames.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile and unusual frames through the real TC program (BPF_PROG_TEST_RUN): no bogus records,
 * and the counters always add up: packets == records + ringbuf_drops + not_ip + malformed.
 */
@KernelTest
class MalformedPacketTest {
    static TcTestRun tc;

    @BeforeAll
    static void load() {
        tc = TcTestRun.load(BpfObject.Options.defaults(), BpfObject.PROG_TC_EGRESS);
    }

    @AfterAll
    static void unload() {
        tc.close();
    }

    static List<PacketView> send(byte[] frame) {
        tc.run(frame, frame.length);
        return tc.drain(100);
    }

    static void assertMalformed(byte[] frame) {
        CounterSnapshot before = tc.object().counters();
        assertThat(send(frame)).as("no record for a malformed packet").isEmpty();
        CounterSnapshot d = tc.object().counters().minus(before);
        assertThat(d.get(Counter.MALFORMED)).isEqualTo(1);
        assertThat(d.get(Counter.PACKETS)).isEqualTo(1);
    }

    static byte[] tcpSyn() {
        return tcp(1234, 80, 1, 0, 0x02, 1000, new byte[0]);
    }

    @Test
    void framesTooShortForTheirIpHeaderAreRefusedBeforeTheKernel() {
        assertThat(ProgramTestRun.kernelAccepts(ether(0x0800, new byte[0]), 14)).isFalse();
        assertThat(ProgramTestRun.kernelAccepts(ether(0x0800, new byte[19]), 33)).isFalse();
        assertThat(ProgramTestRun.kernelAccepts(ether(0x86DD, new byte[39]), 53)).isFalse();
        assertThat(ProgramTestRun.kernelAccepts(ether(0x0806, new byte[0]), 14)).as("not IP: the program decides").isTrue();
    }

    @Test
    void ipv4HeaderWithoutTheL4HeaderItAnnounces() {
        byte[] ip = ipv4("198.18.0.1", "198.18.0.2", TCP, new byte[0]);
        PacketView p = send(eth4(ip)).getFirst();
        assertThat(p.flags() & PacketView.FLAG_L4_TRUNCATED).isNotZero();
        assertThat(p.sport()).isZero();
    }

    @Test
    void badIhl() {
        byte[] ip = ipv4("198.18.0.1", "198.18.0.2", TCP, tcpSyn());
        ip[0] = 0x44; // IHL 4 words < 20 bytes
        assertMalformed(eth4(ip));
        ip[0] = 0x4f; // IHL 60 bytes > total length 40
        assertMalformed(eth4(ip));
    }

    @Test
    void totalLengthBeyondThePacket() {
        byte[] ip = ipv4("198.18.0.1", "198.18.0.2", TCP, tcpSyn());
        ip[2] = 0x05; // 1280+ bytes claimed, 40 present
        assertMalformed(eth4(ip));
    }

    @Test
    void badTcpDataOffset() {
        byte[] t = tcpSyn();
        t[12] = 0x30; // 12 bytes < minimum 20
        assertMalformed(eth4(ipv4("198.18.0.1", "198.18.0.2", TCP, t)));
        t[12] = (byte) 0xf0; // 60 bytes > the 20 present
        assertMalformed(eth4(ipv4("198.18.0.1", "198.18.0.2", TCP, t)));
    }

    @Test
    void ipv4OptionsAreSkipped() {
        byte[] frame = eth4(ipv4("198.18.0.1", "198.18.0.2", TCP, tcpSyn(), 0, new byte[] {1, 1, 1, 0}));
        PacketView p = send(frame).getFirst();
        assertThat(p.sport()).isEqualTo(1234);
        assertThat(p.dport()).isEqualTo(80);
        assertThat(p.ipLength()).isEqualTo(44);
    }

    @Test
    void nonFirstIpv4FragmentHasNoPorts() {
        byte[] frame = eth4(ipv4("198.18.0.1", "198.18.0.2", UDP, new byte[64], 185, new byte[0]));
        PacketView p = send(frame).getFirst();
        assertThat(p.flags() & PacketView.FLAG_FRAGMENT).isNotZero();
        assertThat(p.sport()).isZero();
        assertThat(p.l4PayloadLength()).isEqualTo(64);
    }

    @Test
    void ipv6ExtensionHeaderChain() {
        byte[] tcp = tcpSyn();
        // hop-by-hop (8 bytes) -> destination options (16 bytes) -> routing (8) -> TCP
        ByteBuffer ext = ByteBuffer.allocate(8 + 16 + 8 + tcp.length);
        ext.put(new byte[] {60, 0, 1, 4, 0, 0, 0, 0});
        ext.put(new byte[] {43, 1, 1, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        ext.put(new byte[] {6, 0, 0, 0, 0, 0, 0, 0});
        ext.put(tcp);
        PacketView p = send(eth6(ipv6("2001:2::1", "2001:2::2", 0, ext.array()))).getFirst();
        assertThat(p.l4Protocol()).isEqualTo(TCP);
        assertThat(p.sport()).isEqualTo(1234);
        assertThat(p.tcpFlags()).isEqualTo(0x02);
    }

    @Test
    void ipv6ChainLongerThanWeWalk() {
        byte[] tcp = tcpSyn();
        ByteBuffer ext = ByteBuffer.allocate(7 * 8 + tcp.length);
        for (int i = 0; i < 6; i++) {
            ext.put(new byte[] {60, 0, 1, 4, 0, 0, 0, 0});
        }
        ext.put(new byte[] {6, 0, 1, 4, 0, 0, 0, 0}).put(tcp);
        PacketView p = send(eth6(ipv6("2001:2::1", "2001:2::2", 0, ext.array()))).getFirst();
        assertThat(p.flags() & PacketView.FLAG_IPV6_EXT_LIMIT).isNotZero();
        assertThat(p.sport()).as("no L4 guessed").isZero();
    }

    @Test
    void ipv6ExtensionLengthRunningPastThePacket() {
        byte[] ext = {60, (byte) 200, 1, 4, 0, 0, 0, 0}; // claims 1608 bytes
        assertMalformed(eth6(ipv6("2001:2::1", "2001:2::2", 0, ext)));
    }

    @Test
    void ipv6NonFirstFragment() {
        byte[] frag = {17, 0, 0x01, 0x00, 0, 0, 0, 1}; // offset 32 (x8), UDP inside
        byte[] payload = new byte[8 + 40];
        System.arraycopy(frag, 0, payload, 0, 8);
        PacketView p = send(eth6(ipv6("2001:2::1", "2001:2::2", 44, payload))).getFirst();
        assertThat(p.flags() & PacketView.FLAG_FRAGMENT).isNotZero();
        assertThat(p.l4Protocol()).isEqualTo(UDP);
        assertThat(p.sport()).isZero();
    }

    @Test
    void vlanStacks() {
        byte[] ip = ipv4("198.18.0.1", "198.18.0.2", TCP, tcpSyn());
        PacketView qinq = send(ether(0x0800, ip, 0x88A8, 100, 0x8100, 200)).getFirst();
        assertThat(qinq.vlanId()).as("outermost tag").isEqualTo(100);
        assertThat(qinq.dport()).isEqualTo(80);

        CounterSnapshot before = tc.object().counters();
        assertThat(send(ether(0x0800, ip, 0x88A8, 1, 0x8100, 2, 0x8100, 3))).as("three tags: deeper than we walk").isEmpty();
        assertThat(tc.object().counters().minus(before).get(Counter.NOT_IP)).isEqualTo(1);
    }

    @Test
    void randomBytesNeverMakeBogusRecords() {
        Random rnd = new Random(20261123);
        CounterSnapshot before = tc.object().counters();
        int sent = 20_000;
        long records = 0;
        for (int i = 0; i < sent; i++) {
            byte[] frame = new byte[14 + rnd.nextInt(200)];
            rnd.nextBytes(frame);
            if (i % 2 == 0) { // half of them look like IP so parsing goes deeper
                frame[12] = (byte) (i % 4 == 0 ? 0x08 : 0x86);
                frame[13] = (byte) (i % 4 == 0 ? 0x00 : 0xDD);
                if (frame.length > 14) {
                    frame[14] = (byte) ((i % 4 == 0 ? 0x45 : 0x60) | (frame[14] & (i % 8 == 0 ? 0x0f : 0)));
                }
            }
            if (!ProgramTestRun.kernelAccepts(frame, frame.length)) {
                frame = Arrays.copyOf(frame, 14 + 40); // long enough for the kernel; the bytes stay random
            }
            for (PacketView p : send(frame)) {
                records++;
                assertThat(p.ipVersion()).isIn(4, 6);
                assertThat(p.ipLength()).as("frame %s", Arrays.toString(frame)).isLessThanOrEqualTo(frame.length - 14);
                assertThat(p.l4PayloadLength()).isLessThanOrEqualTo(p.ipLength());
                assertThat(p.caplen()).isLessThanOrEqualTo((int) Math.min(p.l4PayloadLength(), 256));
            }
        }
        CounterSnapshot d = tc.object().counters().minus(before);
        assertThat(d.get(Counter.PACKETS)).isEqualTo(sent);
        assertThat(d.get(Counter.RECORDS)).isEqualTo(records);
        assertThat(d.get(Counter.RECORDS) + d.get(Counter.RINGBUF_DROPS) + d.get(Counter.NOT_IP) + d.get(Counter.MALFORMED))
                .as("every packet accounted for").isEqualTo(sent);
        assertThat(records).as("some random IP-looking frames parse").isPositive();
    }
}
