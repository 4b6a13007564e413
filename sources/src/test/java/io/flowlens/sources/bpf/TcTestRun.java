package io.flowlens.sources.bpf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * The loaded TC program, its ring and a BPF_PROG_TEST_RUN handle, for tests that feed it hand-built frames and look
 * at the records it writes.
 */
final class TcTestRun implements AutoCloseable {
    private final BpfObject obj;
    private final RingBuffer ring;
    private final ProgramTestRun run;

    private TcTestRun(BpfObject obj, RingBuffer ring, ProgramTestRun run) {
        this.obj = obj;
        this.ring = ring;
        this.run = run;
    }

    /** Loads the object with {@code options} and prepares test runs of {@code program} (a PROG_TC_* name). */
    static TcTestRun load(BpfObject.Options options, String program) {
        BpfObject obj = BpfObject.load(options);
        RingBuffer ring = RingBuffer.of(obj);
        return new TcTestRun(obj, ring, new ProgramTestRun(obj, program));
    }

    /** The loaded object (its counters). */
    BpfObject object() {
        return obj;
    }

    /** Runs the program once on {@code frame}; returns its TC verdict. */
    int run(byte[] frame, int wireLen) {
        return run.run(frame, frame.length, wireLen);
    }

    /** The records written since the last drain, at most {@code max}, each a copy that outlives the ring. */
    List<PacketView> drain(int max) {
        List<PacketView> out = new ArrayList<>();
        ring.drain((seg, off, len) -> out.add(new PacketView().wrap(
                MemorySegment.ofArray(seg.asSlice(off, len).toArray(ValueLayout.JAVA_BYTE)), 0)), max);
        return out;
    }

    /** The object's ring, for tests of the drain itself. */
    RingBuffer ring() {
        return ring;
    }

    @Override
    public void close() {
        run.close();
        ring.close();
        obj.close();
    }
}
