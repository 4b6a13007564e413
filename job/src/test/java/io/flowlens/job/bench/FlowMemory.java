package io.flowlens.job.bench;

import io.flowlens.job.flow.FlowSlicer;
import io.flowlens.job.flow.FlowSlicerSettings;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;

/**
 * Retained heap per active flow in the reader: heap used after full GCs with the flows held, minus the same without
 * them, divided by the flow count. Every flow gets past its handshake and carries a slice, as in steady state.
 */
final class FlowMemory {
    private FlowMemory() {}

    static void report(int flows) {
        int records = flows * 8;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ring = arena.allocate(SyntheticRecords.bytes(records), 8);
            SyntheticRecords gen = new SyntheticRecords(flows, 1_000, 7);
            gen.fill(ring, records); // a packet every µs: all in one window, nothing leaves
            CountingOutput out = new CountingOutput();
            RingReplay replay = new RingReplay();
            FlowSlicer slicer = new FlowSlicer("bench", FlowSlicerSettings.live(3_600_000));
            long before = heapAfterGc();
            replay.drain(ring, records, slicer, out);
            long after = heapAfterGc();
            System.out.printf("reader-memory\t%d flows (4/5 TCP past the handshake, 1/5 UDP), %d records\t%.0f bytes/active flow"
                            + " retained (target ≤ 512)\t%d slices emitted%n",
                    slicer.activeFlows(), records, (double) (after - before) / slicer.activeFlows(), out.slices);
            if (slicer.activeFlows() < 0) {
                System.out.println(); // keeps the slicer reachable until after the measurement
            }
        }
    }

    private static long heapAfterGc() {
        var mem = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return mem.getHeapMemoryUsage().getUsed();
    }
}
