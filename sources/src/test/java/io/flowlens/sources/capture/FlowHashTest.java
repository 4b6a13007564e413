package io.flowlens.sources.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Both directions of a flow go to the same replay worker, and flows spread over the workers. */
class FlowHashTest {
    private static final byte[] A4 = {(byte) 198, 18, 0, 1};
    private static final byte[] B4 = {(byte) 198, 19, 0, 7};
    private static final byte[] A6 = ipv6(1);
    private static final byte[] B6 = ipv6(2);

    @Test
    void bothDirectionsOfATcpFlowHashAlike() {
        assertThat(FlowHash.of(ipv4(A4, B4, 6, 40000, 443, 0), 54))
                .isEqualTo(FlowHash.of(ipv4(B4, A4, 6, 443, 40000, 0), 54));
        assertThat(FlowHash.of(ipv4(A4, B4, 17, 5353, 53, 0), 54))
                .isEqualTo(FlowHash.of(ipv4(B4, A4, 17, 53, 5353, 0), 54));
    }

    @Test
    void vlanTagsAreSkippedAlike() {
        byte[] ab = vlan(ipv4(A4, B4, 6, 40000, 443, 0), 0x88A8, 0x8100);
        byte[] ba = vlan(ipv4(B4, A4, 6, 443, 40000, 0), 0x88A8, 0x8100);
        assertThat(FlowHash.of(ab, ab.length)).isEqualTo(FlowHash.of(ba, ba.length));
        assertThat(FlowHash.of(ab, ab.length)).as("the ports are still found behind two tags")
                .isNotEqualTo(FlowHash.of(vlan(ipv4(A4, B4, 6, 40001, 443, 0), 0x88A8, 0x8100), ab.length));
    }

    @Test
    void ipv6ExtensionHeadersAreWalkedToThePorts() {
        byte[] plain = ipv6Frame(A6, B6, false, 40000, 443);
        byte[] withHopByHop = ipv6Frame(B6, A6, true, 443, 40000);
        assertThat(FlowHash.of(plain, plain.length)).isEqualTo(FlowHash.of(withHopByHop, withHopByHop.length));
    }

    @Test
    void nonFirstFragmentsHashByAddressesInBothDirections() {
        assertThat(FlowHash.of(ipv4(A4, B4, 6, 1, 2, 185), 54)).isEqualTo(FlowHash.of(ipv4(B4, A4, 6, 3, 4, 185), 54));
    }

    @Test
    void whatIsNotIpGoesToWorkerZero() {
        assertThat(FlowHash.of(new byte[10], 10)).isZero();
        byte[] arp = new byte[42];
        arp[12] = 0x08;
        arp[13] = 0x06;
        assertThat(FlowHash.worker(arp, arp.length, 2)).isZero();
    }

    @Test
    void connectionsSpreadOverTwoWorkers() {
        int[] perWorker = new int[2];
        for (int port = 10000; port < 12000; port++) {
            perWorker[FlowHash.worker(ipv4(A4, B4, 6, port, 8080, 0), 54, 2)]++;
        }
        assertThat(perWorker[0]).as("2 000 connections between one address pair, split by port").isBetween(900, 1100);
    }

    private static byte[] ipv4(byte[] src, byte[] dst, int proto, int sport, int dport, int fragOffset) {
        ByteBuffer b = ByteBuffer.allocate(54);
        b.put(new byte[12]).putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) 40).putShort((short) 0).putShort((short) fragOffset)
                .put((byte) 64).put((byte) proto).putShort((short) 0).put(src).put(dst);
        b.putShort((short) sport).putShort((short) dport);
        return b.array();
    }

    private static byte[] vlan(byte[] frame, int outer, int inner) {
        ByteBuffer b = ByteBuffer.allocate(frame.length + 8);
        b.put(frame, 0, 12).putShort((short) outer).putShort((short) 5).putShort((short) inner).putShort((short) 6);
        b.put(frame, 12, frame.length - 12);
        return b.array();
    }

    private static byte[] ipv6Frame(byte[] src, byte[] dst, boolean hopByHop, int sport, int dport) {
        ByteBuffer b = ByteBuffer.allocate(14 + 40 + (hopByHop ? 8 : 0) + 20);
        b.put(new byte[12]).putShort((short) 0x86DD);
        b.putInt(0x60000000).putShort((short) (20 + (hopByHop ? 8 : 0))).put((byte) (hopByHop ? 0 : 6)).put((byte) 64)
                .put(src).put(dst);
        if (hopByHop) {
            b.put((byte) 6).put((byte) 0).put(new byte[6]);
        }
        b.putShort((short) sport).putShort((short) dport);
        return b.array();
    }

    private static byte[] ipv6(int last) {
        byte[] a = new byte[16];
        a[0] = 0x20;
        a[1] = 0x01;
        a[15] = (byte) last;
        return a;
    }
}
