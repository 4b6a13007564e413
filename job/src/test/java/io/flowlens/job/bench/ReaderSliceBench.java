package io.flowlens.job.bench;

import io.flowlens.job.flow.FlowSlicer;
import io.flowlens.job.flow.FlowSlicerSettings;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Reader side of the user-space ceiling: synthetic packet records in ring layout, ≥ 100 k concurrent flows, through
 * PacketView → FlowSlicer.onPacket into an output that only counts, on one thread. Filling the ring is not timed
 * (the kernel does it). Then the heap each active flow holds in the reader. Run: bin/flowlens bench
 * (args: flows, records per round; defaults 100000 and 4000000).
 */
public final class ReaderSliceBench {
    static final int BATCH = 1 << 18;
    static final long GAP_NS = 1_000; // 1 M packets/s of capture time: each flow sees a packet every `flows` µs

    public static void main(String[] args) {
        int flows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 4_000_000;
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ring = arena.allocate(SyntheticRecords.bytes(BATCH), 8);
            SyntheticRecords gen = new SyntheticRecords(flows, GAP_NS, 42);
            FlowSlicer slicer = new FlowSlicer("bench", FlowSlicerSettings.live(5_000));
            CountingOutput out = new CountingOutput();
            RingReplay replay = new RingReplay();
            int rounds = 9, warmup = 3;
            double[] rates = new double[rounds], cpuNs = new double[rounds], fillNs = new double[rounds];
            long allocated = 0, measured = 0;
            for (int r = -warmup; r < rounds; r++) {
                long wall = 0, cpu = 0, alloc = 0, fill = 0;
                for (int done = 0; done < perRound; done += BATCH) {
                    int n = Math.min(BATCH, perRound - done);
                    long f0 = System.nanoTime();
                    gen.fill(ring, n);
                    long a0 = mx.getThreadAllocatedBytes(tid), c0 = mx.getCurrentThreadCpuTime(), t0 = System.nanoTime();
                    replay.drain(ring, n, slicer, out);
                    long t1 = System.nanoTime(), c1 = mx.getCurrentThreadCpuTime(), a1 = mx.getThreadAllocatedBytes(tid);
                    fill += t0 - f0;
                    wall += t1 - t0;
                    cpu += c1 - c0;
                    alloc += a1 - a0;
                }
                if (r >= 0) {
                    rates[r] = perRound / (wall / 1e9);
                    cpuNs[r] = (double) cpu / perRound;
                    fillNs[r] = (double) fill / perRound;
                    allocated += alloc;
                    measured += perRound;
                }
            }
            double[] sorted = rates.clone();
            Arrays.sort(sorted);
            Arrays.sort(cpuNs);
            Arrays.sort(fillNs);
            double median = sorted[rounds / 2];
            System.out.printf("reader-slicer\t%d flows (%d active), %d records/round, 5 s windows\t%.2f M records/s on one core"
                            + " (median of %d; min %.2f, max %.2f)\t%.0f ns/record wall, %.0f ns/record CPU\t%.1f bytes allocated/record"
                            + "\t%.3f slices/record\t(ring fill, untimed: %.0f ns/record)%n",
                    flows, slicer.activeFlows(), perRound, median / 1e6, rounds, sorted[0] / 1e6, sorted[rounds - 1] / 1e6,
                    1e9 / median, cpuNs[rounds / 2], (double) allocated / measured, (double) out.slices / out.packets,
                    fillNs[rounds / 2]);
        }
        FlowMemory.report(flows);
    }
}
