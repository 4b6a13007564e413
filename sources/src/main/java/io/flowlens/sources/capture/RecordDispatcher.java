package io.flowlens.sources.capture;

import io.flowlens.sources.bpf.PacketView;
import io.flowlens.sources.bpf.RecordLayouts;
import io.flowlens.sources.bpf.RingBuffer;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.function.LongUnaryOperator;

/** Demultiplexes ring records by type into a {@link CaptureHandler}, mapping kernel time. Allocation-free for packets. */
final class RecordDispatcher implements RingBuffer.RecordHandler {
    private final PacketView view = new PacketView();
    private final LongUnaryOperator clock;
    private CaptureHandler handler;
    private long unknownRecords;

    RecordDispatcher(LongUnaryOperator kernelToEpochNanos) {
        this.clock = kernelToEpochNanos;
    }

    RecordDispatcher target(CaptureHandler h) {
        this.handler = h;
        return this;
    }

    @Override
    public void onRecord(MemorySegment data, long offset, int length) {
        int type = PacketView.recordType(data, offset);
        if (isPacket(type, length)) {
            view.wrap(data, offset);
            handler.onPacket(view, clock.applyAsLong(view.tsNanos()));
        } else if (type == RecordLayouts.REC_OOM && length >= RecordLayouts.OOM.byteSize()) {
            handler.onOomKill(oom(data, offset));
        } else {
            unknownRecords++; // a newer kernel object than this reader: counted, never fatal
        }
    }

    @Override
    public void prefetch(MemorySegment data, long offset, int length) {
        if (isPacket(PacketView.recordType(data, offset), length)) {
            handler.prefetch(view.wrap(data, offset));
        }
    }

    private static boolean isPacket(int recordType, int length) {
        return recordType == RecordLayouts.REC_PACKET && length >= PacketView.SIZE;
    }

    long unknownRecords() {
        return unknownRecords;
    }

    private OomKill oom(MemorySegment d, long off) {
        int pid = d.get(ValueLayout.JAVA_INT_UNALIGNED, off + RecordLayouts.offset(RecordLayouts.OOM, "pid"));
        long ts = d.get(ValueLayout.JAVA_LONG_UNALIGNED, off + RecordLayouts.offset(RecordLayouts.OOM, "ts_ns"));
        long vm = d.get(ValueLayout.JAVA_LONG_UNALIGNED, off + RecordLayouts.offset(RecordLayouts.OOM, "total_vm_kb"));
        long rss = d.get(ValueLayout.JAVA_LONG_UNALIGNED, off + RecordLayouts.offset(RecordLayouts.OOM, "anon_rss_kb"));
        byte[] comm = d.asSlice(off + RecordLayouts.offset(RecordLayouts.OOM, "comm"), 16).toArray(ValueLayout.JAVA_BYTE);
        int n = 0;
        while (n < comm.length && comm[n] != 0) {
            n++;
        }
        return new OomKill(clock.applyAsLong(ts), pid, new String(comm, 0, n, StandardCharsets.UTF_8), vm, rss);
    }
}
