package io.flowlens.sources.capture;

import io.flowlens.sources.bpf.BpfObject;
import io.flowlens.sources.bpf.CounterSnapshot;
import io.flowlens.sources.bpf.PacketView;
import io.flowlens.sources.bpf.ProgramTestRun;
import io.flowlens.sources.bpf.RecordLayouts;
import io.flowlens.sources.bpf.RingBuffer;
import java.lang.foreign.MemorySegment;

/**
 * One replay worker's kernel side: a private copy of the kernel object (nothing attached anywhere), its ring and a
 * test-run handle. Its ring holds records of its own packets only, so draining it after each run tells which frame a
 * record belongs to. Runs on one thread at a time.
 */
final class ReplayLane implements AutoCloseable, RingBuffer.RecordHandler {
    private final BpfObject obj;
    private final RingBuffer ring;
    private final ProgramTestRun run;
    private MemorySegment out;
    private int frame;
    private int[] recordLength;

    private ReplayLane(BpfObject obj) {
        this.obj = obj;
        try {
            this.ring = RingBuffer.of(obj);
            this.run = new ProgramTestRun(obj, BpfObject.PROG_TC_INGRESS);
        } catch (RuntimeException e) {
            obj.close();
            throw e;
        }
    }

    static ReplayLane load(BpfObject.Options options) {
        return new ReplayLane(BpfObject.load(options.withOomTracepoint(false)));
    }

    /** Runs this worker's share of the batch through the program, leaving each frame's record in its slot. */
    void run(ReplayBatch batch, int worker) {
        out = batch.records();
        recordLength = batch.recordLength;
        int[] frames = batch.share[worker];
        for (int k = 0, n = batch.shareSize[worker]; k < n; k++) {
            int i = frames[k];
            frame = i;
            run.run(batch.frames[i], batch.length[i], batch.wireLength[i]);
            ring.drain(this, Integer.MAX_VALUE);
        }
    }

    @Override
    public void onRecord(MemorySegment data, long offset, int length) {
        if (PacketView.recordType(data, offset) != RecordLayouts.REC_PACKET || length > ReplayBatch.RECORD_MAX) {
            return; // replay loads the object without the OOM tracepoint: nothing else is in this ring
        }
        if (recordLength[frame] != 0) {
            // the program submits one record per packet; a second would have no slot, and must not vanish silently
            throw new IllegalStateException("the TC program produced two records for one replayed packet");
        }
        MemorySegment.copy(data, offset, out, ReplayBatch.slot(frame), length);
        recordLength[frame] = length;
    }

    CounterSnapshot counters() {
        return obj.counters();
    }

    @Override
    public void close() {
        run.close();
        ring.close();
        obj.close();
    }
}
