package io.flowlens.sources.bench;

import io.flowlens.sources.bpf.BpfObject;
import io.flowlens.sources.bpf.ProgramTestRun;
import io.flowlens.sources.bpf.RingBuffer;
import io.flowlens.sources.capture.CaptureHandler;
import io.flowlens.sources.capture.CaptureReplay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * pcap replay packets/s through BPF_PROG_TEST_RUN, records handed to a handler that reads them:
 * every capture in ../shared/testdata/pcap, replayed repeatedly. Run: bin/flowlens bench
 */
public final class ReplayBench {
    static long sink;

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(System.getenv().getOrDefault("FLOWLENS_SHARED", "../shared"), "testdata", "pcap");
        if (!Files.isDirectory(dir)) {
            System.out.println("replay\tskipped: no captures in " + dir.toAbsolutePath());
            return;
        }
        Path[] files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng")).sorted().toArray(Path[]::new);
        }
        CaptureHandler h = (p, ts) -> sink += p.sport() + p.ipLength() + ts;
        double[] rates = new double[7];
        for (int r = -2; r < rates.length; r++) {
            long packets = 0;
            long t0 = System.nanoTime();
            for (int rep = 0; rep < 5; rep++) {
                for (Path f : files) {
                    try (CaptureReplay replay = new CaptureReplay(f, BpfObject.Options.defaults())) {
                        while (!replay.isFinished()) {
                            replay.poll(h, 4096);
                        }
                        packets += replay.packetsRead();
                    }
                }
            }
            long t1 = System.nanoTime();
            if (r >= 0) {
                rates[r] = packets / ((t1 - t0) / 1e9);
            }
        }
        Arrays.sort(rates);
        System.out.printf("replay\tall %d test captures x5, object load included\t%.0f k packets/s (median of %d; min %.0f)%n",
                files.length, rates[rates.length / 2] / 1e3, rates.length, rates[0] / 1e3);

        Path big = Arrays.stream(files).max((a, b) -> Long.compare(a.toFile().length(), b.toFile().length())).orElseThrow();
        double[] steady = new double[7];
        long bigPackets = 0;
        for (int r = -2; r < steady.length; r++) {
            try (CaptureReplay replay = new CaptureReplay(big, BpfObject.Options.defaults())) {
                long t0 = System.nanoTime(); // after the object load: the replay loop alone
                while (!replay.isFinished()) {
                    replay.poll(h, 4096);
                }
                long t1 = System.nanoTime();
                bigPackets = replay.packetsRead();
                if (r >= 0) {
                    steady[r] = bigPackets / ((t1 - t0) / 1e9);
                }
            }
        }
        Arrays.sort(steady);
        System.out.printf("replay\t%s (%d packets), steady state\t%.0f k packets/s (median of %d; min %.0f)%n",
                big.getFileName(), bigPackets, steady[steady.length / 2] / 1e3, steady.length, steady[0] / 1e3);
        parallel(big);
        syscallCeiling();
    }

    /**
     * Two files replayed at once, one per core, as a job's readers replay a multi-file capture: the kernel's
     * BPF_PROG_TEST_RUN work runs on both CPUs.
     */
    private static void parallel(Path file) throws Exception {
        int threads = Runtime.getRuntime().availableProcessors();
        double[] rates = new double[5];
        long[] packets = new long[threads];
        for (int r = -1; r < rates.length; r++) {
            Thread[] ts = new Thread[threads];
            long t0 = System.nanoTime();
            for (int i = 0; i < threads; i++) {
                int k = i;
                ts[i] = new Thread(() -> {
                    try (CaptureReplay replay = new CaptureReplay(file, BpfObject.Options.defaults())) {
                        CaptureHandler own = (p, tsNs) -> { };
                        while (!replay.isFinished()) {
                            replay.poll(own, 4096);
                        }
                        packets[k] = replay.packetsRead();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                ts[i].start();
            }
            for (Thread t : ts) {
                t.join();
            }
            long total = java.util.Arrays.stream(packets).sum();
            if (r >= 0) {
                rates[r] = total / ((System.nanoTime() - t0) / 1e9);
            }
        }
        Arrays.sort(rates);
        System.out.printf("replay\t%d files at once, one per core (object loads included)\t%.0f k packets/s (median of %d; min %.0f)%n",
                threads, rates[rates.length / 2] / 1e3, rates.length, rates[0] / 1e3);
    }

    /** The ceiling one thread can reach: one BPF_PROG_TEST_RUN call per packet, no file, a bare ACK. */
    private static void syscallCeiling() {
        byte[] ack = BenchFrames.bareAck();
        try (BpfObject obj = BpfObject.load(BpfObject.Options.defaults().withOomTracepoint(false));
             RingBuffer ring = RingBuffer.of(obj);
             ProgramTestRun run = new ProgramTestRun(obj, BpfObject.PROG_TC_INGRESS)) {
            double[] rates = new double[7];
            int calls = 200_000;
            for (int r = -2; r < rates.length; r++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    run.run(ack, ack.length, ack.length);
                    if ((i & 1023) == 0) {
                        ring.drain((d, o, l) -> sink += l, Integer.MAX_VALUE);
                    }
                }
                ring.drain((d, o, l) -> sink += l, Integer.MAX_VALUE);
                if (r >= 0) {
                    rates[r] = calls / ((System.nanoTime() - t0) / 1e9);
                }
            }
            Arrays.sort(rates);
            System.out.printf("replay\tceiling: BPF_PROG_TEST_RUN calls/s on one core (bare ACK, no file)\t%.0f k calls/s, %.2f us per call%n",
                    rates[rates.length / 2] / 1e3, 1e6 / rates[rates.length / 2]);
        }
    }
}
