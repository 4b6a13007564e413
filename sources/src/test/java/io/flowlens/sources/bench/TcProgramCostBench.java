package io.flowlens.sources.bench;

import io.flowlens.sources.bpf.BpfObject;
import io.flowlens.sources.bpf.ProgramTestRun;
import io.flowlens.sources.bpf.RingBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ns per packet of the TC program, measured by the kernel (BPF_PROG_TEST_RUN repeat): the median of
 * 15 rounds of 100,000 runs, the ring drained between rounds so no run takes the cheaper drop path.
 * Run: bin/flowlens bench
 */
public final class TcProgramCostBench {
    public static void main(String[] args) {
        Map<String, byte[]> frames = new LinkedHashMap<>();
        frames.put("bare TCP ACK (54 B)", BenchFrames.bareAck());
        frames.put("1400-byte data segment", BenchFrames.dataSegment1400());
        frames.put("HTTP request start (payload exported)", BenchFrames.httpRequestStart());
        BpfObject.Options opts = BpfObject.Options.defaults().withRing(64L << 20, 32L << 20);
        try (BpfObject obj = BpfObject.load(opts); RingBuffer ring = RingBuffer.of(obj);
             ProgramTestRun run = new ProgramTestRun(obj, BpfObject.PROG_TC_INGRESS)) {
            for (Map.Entry<String, byte[]> f : frames.entrySet()) {
                int[] ns = new int[15];
                for (int r = -3; r < ns.length; r++) { // 3 warm-up rounds
                    run.run(f.getValue(), f.getValue().length, f.getValue().length, 100_000);
                    if (r >= 0) {
                        ns[r] = run.lastDurationNanos();
                    }
                    while (ring.drain((s, o, l) -> {}, Integer.MAX_VALUE) > 0) {
                        // empty the ring for the next round
                    }
                }
                Arrays.sort(ns);
                System.out.printf("tc-program-cost\t%s\t%d ns/packet (median; min %d, max %d)%n", f.getKey(), ns[ns.length / 2], ns[0], ns[ns.length - 1]);
            }
        }
    }
}
