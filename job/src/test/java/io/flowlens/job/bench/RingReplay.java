package io.flowlens.job.bench;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;

import io.flowlens.job.flow.FlowSlice;
import io.flowlens.sources.bpf.PacketView;
import io.flowlens.sources.bpf.RecordLayouts;
import io.flowlens.sources.bpf.RingBuffer;
import io.flowlens.sources.packet.PacketEmitter;
import java.lang.foreign.MemorySegment;
import org.apache.flink.api.connector.source.ReaderOutput;

/**
 * Walks filled ring space the way RingBuffer.drain and RecordDispatcher do (groups of RingBuffer.GROUP records, each
 * announced with prefetch before it is handled), feeding each packet record to an emitter.
 */
final class RingReplay {
    private final PacketView view = new PacketView();

    private static final int GROUP = RingBuffer.GROUP;
    private final long[] group = new long[GROUP];

    void drain(MemorySegment ring, int records, PacketEmitter<FlowSlice> emitter, ReaderOutput<FlowSlice> out) {
        long o = 0;
        for (int r = 0; r < records; ) {
            int n = 0;
            for (; n < GROUP && r < records; r++) {
                int len = ring.get(JAVA_INT_UNALIGNED, o);
                long rec = o + SyntheticRecords.HEADER;
                o += (len + SyntheticRecords.HEADER + 7) & ~7L;
                if (PacketView.recordType(ring, rec) == RecordLayouts.REC_PACKET && len >= PacketView.SIZE) {
                    group[n++] = rec;
                }
            }
            for (int i = 0; i < n; i++) {
                emitter.prefetch(view.wrap(ring, group[i]));
            }
            for (int i = 0; i < n; i++) {
                view.wrap(ring, group[i]);
                emitter.onPacket(view, SyntheticRecords.EPOCH_NS + view.tsNanos(), out);
            }
        }
    }
}
