package io.flowlens.sources.capture;

import io.flowlens.sources.bpf.PacketView;
import io.flowlens.sources.bpf.ProgramTestRun;
import io.flowlens.sources.bpf.RecordLayouts;
import io.flowlens.sources.pcap.CapturedFrame;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Frames read ahead from a capture file, each worker's share of them, and the record each frame produced. Allocated
 * once per replay and reused, so the per-packet path does not allocate. The polling thread fills it and reads the
 * records; a helper thread writes the record slots of its share only (the handshake in {@link ReplayHelper} orders
 * those writes before the reads).
 */
final class ReplayBatch implements AutoCloseable {
    /** Largest record: header and the biggest payload prefix. A packet produces at most one. */
    static final int RECORD_MAX = PacketView.SIZE + RecordLayouts.PAYLOAD_MAX;
    static final int REFUSED = -1;

    final int capacity;
    final byte[][] frames; // what the kernel gets: the first MAX_FRAME bytes
    final int[] length;
    final int[] wireLength;
    final long[] timestampNanos;
    final int[] originalLength;
    final int[] interfaceId;
    final int[] recordLength; // 0 when the frame produced no record (not IP, malformed, refused, ring full)
    final int[][] share; // share[w][0, shareSize[w]): frame indices of worker w, in file order
    final int[] shareSize;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment records; // frame i's record at i * RECORD_MAX
    int size;

    ReplayBatch(int capacity, int workers) {
        this.capacity = capacity;
        this.frames = new byte[capacity][ProgramTestRun.MAX_FRAME];
        this.length = new int[capacity];
        this.wireLength = new int[capacity];
        this.timestampNanos = new long[capacity];
        this.originalLength = new int[capacity];
        this.interfaceId = new int[capacity];
        this.recordLength = new int[capacity];
        this.share = new int[workers][capacity];
        this.shareSize = new int[workers];
        this.records = arena.allocate((long) capacity * RECORD_MAX, 8);
    }

    void clear() {
        size = 0;
        java.util.Arrays.fill(shareSize, 0);
    }

    boolean full() {
        return size == capacity;
    }

    /** Copies the frame in (cut to what the kernel accepts) and gives it to {@code worker}, or to none: REFUSED. */
    void add(CapturedFrame f, int worker) {
        int i = size++;
        int n = Math.min(f.frameLength(), ProgramTestRun.MAX_FRAME);
        System.arraycopy(f.buffer(), 0, frames[i], 0, n);
        length[i] = n;
        wireLength[i] = Math.max(f.wireLength(), f.frameLength()); // a frame cut to MAX_FRAME keeps its length
        timestampNanos[i] = f.timestampNanos();
        originalLength[i] = f.originalLength();
        interfaceId[i] = f.interfaceId();
        recordLength[i] = 0;
        if (worker != REFUSED) {
            share[worker][shareSize[worker]++] = i;
        }
    }

    /** The writable slot for frame i's record (replay stamps it there). */
    MemorySegment records() {
        return records;
    }

    static long slot(int frame) {
        return (long) frame * RECORD_MAX;
    }

    @Override
    public void close() {
        arena.close();
    }
}
