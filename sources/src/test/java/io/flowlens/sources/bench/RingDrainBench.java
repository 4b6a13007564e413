package io.flowlens.sources.bench;

import io.flowlens.sources.bpf.BpfObject;
import io.flowlens.sources.bpf.PacketView;
import io.flowlens.sources.bpf.ProgramTestRun;
import io.flowlens.sources.bpf.RingBuffer;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Ring buffer to Java: records/s drained on one thread from a pre-filled ring, reading the fields
 * a flow slicer reads, and bytes allocated per record. The ring is filled by the real TC program
 * (BPF_PROG_TEST_RUN repeat), then drained; compared with libbpf's ring_buffer__consume, which makes
 * one native-to-Java upcall per record. Run: bin/flowlens bench
 */
public final class RingDrainBench {
    static final int RECORDS = 500_000;
    static long sink;

    public static void main(String[] args) {
        BpfObject.Options opts = BpfObject.Options.defaults().withRing(128L << 20, 64L << 20);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        try (BpfObject obj = BpfObject.load(opts); RingBuffer ring = RingBuffer.of(obj);
             ProgramTestRun run = new ProgramTestRun(obj, BpfObject.PROG_TC_INGRESS)) {
            byte[] ack = BenchFrames.bareAck();
            PacketView v = new PacketView();
            RingBuffer.RecordHandler handler = (seg, off, len) -> {
                v.wrap(seg, off);
                sink += v.saddrLow() ^ v.daddrLow() ^ v.sport() ^ v.dport() ^ v.ipLength() ^ v.tcpFlags() ^ v.tsNanos() ^ v.seq();
            };
            double[] rates = new double[10];
            long allocated = 0, drained = 0;
            for (int r = -3; r < rates.length; r++) {
                run.run(ack, ack.length, ack.length, RECORDS);
                long a0 = mx.getThreadAllocatedBytes(tid);
                long t0 = System.nanoTime();
                int n = 0;
                while (n < RECORDS) {
                    n += ring.drain(handler, 65536);
                }
                long t1 = System.nanoTime();
                long a1 = mx.getThreadAllocatedBytes(tid);
                if (r >= 0) {
                    rates[r] = n / ((t1 - t0) / 1e9);
                    allocated += a1 - a0;
                    drained += n;
                }
            }
            Arrays.sort(rates);
            System.out.printf("ring-drain\tmmap reader\t%.2f M records/s (median of %d rounds of %d; min %.2f)\t%.4f bytes allocated/record%n",
                    rates[rates.length / 2] / 1e6, rates.length, RECORDS, rates[0] / 1e6, (double) allocated / drained);

            double[] cb = new double[10];
            long cbAllocated = 0, cbDrained = 0;
            try (LibbpfCallbackDrain libbpf = new LibbpfCallbackDrain(obj.mapFd(BpfObject.MAP_EVENTS))) {
                for (int r = -3; r < cb.length; r++) {
                    run.run(ack, ack.length, ack.length, RECORDS);
                    long a0 = mx.getThreadAllocatedBytes(tid);
                    long t0 = System.nanoTime();
                    long n = libbpf.consumeAll();
                    long t1 = System.nanoTime();
                    long a1 = mx.getThreadAllocatedBytes(tid);
                    if (r >= 0) {
                        cb[r] = n / ((t1 - t0) / 1e9);
                        cbAllocated += a1 - a0;
                        cbDrained += n;
                    }
                }
            }
            Arrays.sort(cb);
            System.out.printf("ring-drain\tlibbpf ring_buffer__consume + upcall\t%.2f M records/s (median of %d rounds; min %.2f)\t%.4f bytes allocated/record%n",
                    cb[cb.length / 2] / 1e6, cb.length, cb[0] / 1e6, (double) cbAllocated / cbDrained);
        }
        if (sink == 42) {
            System.out.println();
        }
    }
}
