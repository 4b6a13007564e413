package io.flowlens.sources.bpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** Pins PacketView to struct fl_packet: a record written field by field as the kernel would, then read back. */
class PacketViewGoldenBytesTest {
    @Test
    void readsEveryFieldWhereTheKernelWritesIt() {
        ByteBuffer b = ByteBuffer.allocate(96 + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 1).putShort((short) 4).putInt(7).putLong(123_456_789_012L);
        b.put(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 198, 18, 0, 1});
        b.put(new byte[] {0x20, 0x01, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2});
        b.putShort((short) 65535).putShort((short) 443);
        b.putInt(0xFFFFFFF0).putInt(42).putInt(1500).putInt(1448).putInt(1514);
        b.putShort((short) 65000).putShort((short) 3).putShort((short) 1448).putShort((short) 9).putShort((short) 10).putShort((short) 100);
        b.put((byte) 1).put((byte) 4).put((byte) 6).put((byte) 0x18).put((byte) 64).put((byte) 0).put((byte) 0)
                .put((byte) 2).put((byte) 1).put((byte) 32).put((byte) 0).put((byte) 0);
        b.put(new byte[] {'H', 'T', 'T', 'P'});

        PacketView v = new PacketView().wrap(MemorySegment.ofArray(b.array()), 0);
        assertThat(PacketView.recordType(MemorySegment.ofArray(b.array()), 0)).isEqualTo(RecordLayouts.REC_PACKET);
        assertThat(v.caplen()).isEqualTo(4);
        assertThat(v.ifindex()).isEqualTo(7);
        assertThat(v.tsNanos()).isEqualTo(123_456_789_012L);
        assertThat(v.sourceAddress().getHostAddress()).isEqualTo("198.18.0.1");
        assertThat(v.sport()).as("unsigned u16").isEqualTo(65535);
        assertThat(v.dport()).isEqualTo(443);
        assertThat(v.seq()).as("unsigned u32").isEqualTo(0xFFFFFFF0L);
        assertThat(v.ack()).isEqualTo(42);
        assertThat(v.ipLength()).isEqualTo(1500);
        assertThat(v.l4PayloadLength()).isEqualTo(1448);
        assertThat(v.skbLength()).isEqualTo(1514);
        assertThat(v.window()).isEqualTo(65000);
        assertThat(v.gsoSegments()).isEqualTo(3);
        assertThat(v.wirePackets()).isEqualTo(3);
        assertThat(v.gsoSize()).isEqualTo(1448);
        assertThat(v.icmpId()).isEqualTo(9);
        assertThat(v.icmpSeq()).isEqualTo(10);
        assertThat(v.vlanId()).isEqualTo(100);
        assertThat(v.direction()).isEqualTo(PacketView.DIR_EGRESS);
        assertThat(v.ipVersion()).isEqualTo(4);
        assertThat(v.l4Protocol()).isEqualTo(6);
        assertThat(v.tcpFlags()).isEqualTo(0x18);
        assertThat(v.ttl()).isEqualTo(64);
        assertThat(v.l7Class()).isEqualTo(2);
        assertThat(v.flags()).isEqualTo(1);
        assertThat(v.tcpHeaderLength()).isEqualTo(32);
        assertThat(new String(v.payload().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE))).isEqualTo("HTTP");
    }

    @Test
    void gsoSuperPacketRepeatsItsHeadersOnTheWire() {
        // 3 segments of 1448 payload bytes behind 14 + 20 + 32 header bytes each, as TC egress sees them: one skb
        byte[] rec = new byte[PacketView.SIZE];
        MemorySegment m = MemorySegment.ofArray(rec);
        m.set(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, RecordLayouts.offset(RecordLayouts.PACKET, "skb_len"), 66 + 3 * 1448);
        m.set(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, RecordLayouts.offset(RecordLayouts.PACKET, "l4_payload_len"), 3 * 1448);
        m.set(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED, RecordLayouts.offset(RecordLayouts.PACKET, "gso_segs"), (short) 3);

        PacketView v = new PacketView().wrap(m, 0);
        assertThat(v.wirePackets()).isEqualTo(3);
        assertThat(v.wireBytes()).as("three frames of 66 + 1448 bytes").isEqualTo(3 * (66 + 1448));

        m.set(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED, RecordLayouts.offset(RecordLayouts.PACKET, "gso_segs"), (short) 1);
        assertThat(v.wireBytes()).as("a single packet is its skb").isEqualTo(66 + 3 * 1448);
    }
}
