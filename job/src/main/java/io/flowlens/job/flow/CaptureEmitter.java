package io.flowlens.job.flow;

import io.flowlens.job.l7.SegmentEvent;
import io.flowlens.sources.bpf.PacketView;
import io.flowlens.sources.packet.PacketEmitter;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceOutput;

/**
 * The reader's emitter: flow slices from the {@link FlowSlicer}, plus every L7 message start (a record with payload)
 * and every ICMP message as a {@link SegmentEvent} for its flow's L7 sessions. Segments are rare (message starts
 * only), so building one costs nothing per bulk packet.
 */
public final class CaptureEmitter implements PacketEmitter<CaptureRecord> {
    private final FlowSlicer slicer;
    private final SliceOutput slices = new SliceOutput();

    public CaptureEmitter(FlowSlicer slicer) {
        this.slicer = slicer;
    }

    @Override
    public void onPacket(PacketView p, long epochNanos, ReaderOutput<CaptureRecord> out) {
        slices.target = out;
        slicer.onPacket(p, epochNanos, slices);
        if (!slicer.lastCounted()) {
            return;
        }
        int proto = p.l4Protocol();
        boolean icmp = proto == 1 || proto == 58;
        if (!icmp && (p.l7Class() == 0 || p.caplen() == 0)) {
            return;
        }
        SegmentEvent e = new SegmentEvent();
        slicer.lastFlowIdentity(e);
        e.fromClient = slicer.lastFromInitiator();
        e.tsNanos = epochNanos;
        e.seq = p.seq();
        e.payloadLength = p.l4PayloadLength();
        if (icmp) {
            e.kernelClass = SegmentEvent.ICMP;
            e.bytes = new byte[] {(byte) p.icmpType(), (byte) p.icmpCode(), (byte) (p.icmpId() >> 8), (byte) p.icmpId(),
                    (byte) (p.icmpSeq() >> 8), (byte) p.icmpSeq()};
        } else {
            e.kernelClass = p.l7Class();
            e.bytes = p.payload().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        }
        out.collect(CaptureRecord.of(e), Math.floorDiv(epochNanos, 1_000_000L));
    }

    @Override
    public void prefetch(PacketView p) {
        slicer.prefetch(p);
    }

    @Override
    public void onIdle(long epochNanos, ReaderOutput<CaptureRecord> out) {
        slices.target = out;
        slicer.onIdle(epochNanos, slices);
    }

    @Override
    public void flush(ReaderOutput<CaptureRecord> out) {
        slices.target = out;
        slicer.flush(slices);
    }

    @Override
    public byte[] snapshot() {
        return slicer.snapshot();
    }

    @Override
    public void restore(byte[] state) {
        slicer.restore(state);
    }

    /** Wraps the slicer's slices as capture records on the reader's output. */
    private static final class SliceOutput implements ReaderOutput<FlowSlice> {
        ReaderOutput<CaptureRecord> target;

        @Override
        public void collect(FlowSlice record) {
            target.collect(CaptureRecord.of(record));
        }

        @Override
        public void collect(FlowSlice record, long timestamp) {
            target.collect(CaptureRecord.of(record), timestamp);
        }

        @Override
        public void emitWatermark(Watermark watermark) {
            target.emitWatermark(watermark);
        }

        @Override
        public void markIdle() {
            target.markIdle();
        }

        @Override
        public void markActive() {
            target.markActive();
        }

        @Override
        public SourceOutput<FlowSlice> createOutputForSplit(String splitId) {
            throw new UnsupportedOperationException("flowlens readers emit through the reader output only");
        }

        @Override
        public void releaseOutputForSplit(String splitId) {}
    }
}
