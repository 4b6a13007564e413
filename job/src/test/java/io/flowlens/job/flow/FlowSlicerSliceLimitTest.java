package io.flowlens.job.flow;

import static io.flowlens.sources.bpf.RecordLayouts.PACKET;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowlens.sources.bpf.PacketView;
import io.flowlens.sources.bpf.RecordLayouts;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceOutput;
import org.junit.jupiter.api.Test;

/**
 * The reader's per-slice counts are ints: a flow whose packets in one window would pass Integer.MAX_VALUE leaves as
 * several slices of that window, which the window adds up, and no count wraps.
 */
class FlowSlicerSliceLimitTest {
    private static final long EPOCH_NS = 1_767_225_600_000_000_000L;
    private static final int GSO_SEGMENTS = 65_535;

    @Test
    void aFlowPastTwoBillionPacketsInOneWindowLeavesAsSeveralExactSlices() {
        // UDP GSO records of 65 535 segments each: 33 000 of them are 2.16 billion packets, all in one 1 h window
        int records = 33_000;
        List<FlowSlice> slices = new ArrayList<>();
        FlowSlicer slicer = new FlowSlicer("node", FlowSlicerSettings.replay(3_600_000));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment rec = arena.allocate(PacketView.SIZE, 8);
            PacketView view = new PacketView().wrap(rec, 0);
            for (int i = 0; i < records; i++) {
                long ts = EPOCH_NS + i * 1_000L;
                udpGsoRecord(rec, ts);
                slicer.onPacket(view, ts, new Collecting(slices));
            }
        }
        slicer.flush(new Collecting(slices));

        long expected = (long) records * GSO_SEGMENTS;
        assertTrue(expected > Integer.MAX_VALUE);
        assertTrue(slices.size() >= 2, "one slice would have wrapped its int counts: " + slices.size());
        long packets = 0, bytes = 0;
        for (FlowSlice s : slices) {
            assertEquals(slices.get(0).windowStartMs, s.windowStartMs, "every slice belongs to the same window");
            assertTrue(s.fwdPackets > 0 && s.fwdPackets <= Integer.MAX_VALUE, "slice packets " + s.fwdPackets);
            packets += s.fwdPackets;
            bytes += s.fwdBytes;
        }
        assertEquals(expected, packets);
        assertEquals(expected * 1200, bytes);
    }

    /** One outgoing UDP GSO super-packet of 65 535 segments of 1200 bytes on the wire (1172 bytes of payload each). */
    private static void udpGsoRecord(MemorySegment s, long tsNs) {
        s.fill((byte) 0);
        var be = JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
        s.set(JAVA_SHORT_UNALIGNED, off("type"), (short) RecordLayouts.REC_PACKET);
        s.set(JAVA_INT_UNALIGNED, off("ifindex"), 2);
        s.set(JAVA_LONG_UNALIGNED, off("ts_ns"), tsNs);
        s.set(be, off("saddr") + 8, 0x0000_ffff_c612_0001L); // ::ffff:198.18.0.1
        s.set(be, off("daddr") + 8, 0x0000_ffff_c612_0002L); // ::ffff:198.18.0.2
        s.set(JAVA_SHORT_UNALIGNED, off("sport"), (short) 40000);
        s.set(JAVA_SHORT_UNALIGNED, off("dport"), (short) 4433);
        s.set(JAVA_BYTE, off("ip_version"), (byte) 4);
        s.set(JAVA_BYTE, off("l4_proto"), (byte) 17);
        long payload = 1172L * GSO_SEGMENTS;
        s.set(JAVA_INT_UNALIGNED, off("skb_len"), (int) (payload + 28));
        s.set(JAVA_INT_UNALIGNED, off("l4_payload_len"), (int) payload);
        s.set(JAVA_SHORT_UNALIGNED, off("gso_segs"), (short) GSO_SEGMENTS);
        s.set(JAVA_SHORT_UNALIGNED, off("gso_size"), (short) 1172);
    }

    private static long off(String field) {
        return RecordLayouts.offset(PACKET, field);
    }

    private record Collecting(List<FlowSlice> slices) implements ReaderOutput<FlowSlice> {
        @Override public void collect(FlowSlice s) { slices.add(s); }
        @Override public void collect(FlowSlice s, long timestamp) { slices.add(s); }
        @Override public void emitWatermark(Watermark watermark) {}
        @Override public void markIdle() {}
        @Override public void markActive() {}
        @Override public SourceOutput<FlowSlice> createOutputForSplit(String splitId) { return this; }
        @Override public void releaseOutputForSplit(String splitId) {}
    }
}
