package io.flowlens.sources.bench;

import io.flowlens.sources.bpf.BpfObject;
import io.flowlens.sources.bpf.ProgramTestRun;
import io.flowlens.sources.bpf.RingBuffer;
import io.flowlens.sources.capture.CaptureHandler;
import io.flowlens.sources.capture.CaptureReplay;
import io.flowlens.sources.pcap.CaptureFileReader;
import io.flowlens.sources.pcap.CapturedFrame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * pcap replay packets/s through BPF_PROG_TEST_RUN, records handed to a handler that reads them:
 * every capture in ../shared/testdata/pcap, replayed repeatedly; a synthetic capture of 2 000 interleaved TCP
 * connections with 1 and 2 workers (the shared captures hold too few flows to split); and the bare call ceiling
 * with and without a struct __sk_buff passed in. Run: bin/flowlens bench
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
        double[] steady = steadyRates(big, CaptureReplay.DEFAULT_WORKERS, h);
        System.out.printf("replay\t%s (%d packets), steady state\t%.0f k packets/s (median of %d; min %.0f)%n",
                big.getFileName(), packetsOf(big), steady[steady.length / 2] / 1e3, steady.length, steady[0] / 1e3);
        parallel(big);
        multiFlow(h);
        syscallCeiling(false);
        syscallCeiling(true);
        syscallCeilingBothCores();
    }

    /**
     * Packets/s of 7 replays of the file after 2 warm-ups, sorted; each timed from the first poll (object loads
     * excluded) to the end.
     */
    private static double[] steadyRates(Path file, int workers, CaptureHandler h) throws Exception {
        double[] rates = new double[7];
        for (int r = -2; r < rates.length; r++) {
            try (CaptureReplay replay = new CaptureReplay(file, BpfObject.Options.defaults(), 0, workers)) {
                long t0 = System.nanoTime();
                while (!replay.isFinished()) {
                    replay.poll(h, 4096);
                }
                long t1 = System.nanoTime();
                if (r >= 0) {
                    rates[r] = replay.packetsRead() / ((t1 - t0) / 1e9);
                }
            }
        }
        Arrays.sort(rates);
        return rates;
    }

    private static long packetsOf(Path file) throws Exception {
        try (CaptureFileReader reader = CaptureFileReader.open(file)) {
            CapturedFrame f = new CapturedFrame();
            long n = 0;
            while (reader.next(f)) {
                n++;
            }
            return n;
        }
    }

    /** Steady-state replay of a synthetic many-flow capture, 1 worker against 2 (object loads excluded). */
    private static void multiFlow(CaptureHandler h) throws Exception {
        Path file = Files.createTempFile("flowlens-replay-bench", ".pcap");
        try {
            long written = SyntheticCapture.write(file, 2000, 70);
            for (int workers = 1; workers <= 2; workers++) {
                double[] rates = steadyRates(file, workers, h);
                System.out.printf("replay\tsynthetic 2000 TCP connections (%d packets), %d worker%s, steady state\t%.0f k packets/s (median of %d; min %.0f, max %.0f)%n",
                        written, workers, workers == 1 ? "" : "s", rates[rates.length / 2] / 1e3, rates.length, rates[0] / 1e3,
                        rates[rates.length - 1] / 1e3);
            }
        } finally {
            Files.deleteIfExists(file);
        }
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
                    try (CaptureReplay replay = new CaptureReplay(file, BpfObject.Options.defaults(), 0, 1)) {
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

    /**
     * The ceiling one thread can reach: one BPF_PROG_TEST_RUN call per packet, no file, a bare ACK. With ctx, the
     * wire length is one byte more than the frame, the path of a snaplen-cut frame (a struct __sk_buff passed in).
     */
    private static void syscallCeiling(boolean withCtx) {
        byte[] ack = BenchFrames.bareAck();
        int wire = withCtx ? ack.length + 1 : ack.length;
        try (BpfObject obj = BpfObject.load(BpfObject.Options.defaults().withOomTracepoint(false));
             RingBuffer ring = RingBuffer.of(obj);
             ProgramTestRun run = new ProgramTestRun(obj, BpfObject.PROG_TC_INGRESS)) {
            double[] rates = new double[7];
            int calls = 200_000;
            for (int r = -2; r < rates.length; r++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    run.run(ack, ack.length, wire);
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
            System.out.printf("replay\tceiling: BPF_PROG_TEST_RUN calls/s on one core (bare ACK, no file, %s)\t%.0f k calls/s, %.2f us per call (median of %d)%n",
                    withCtx ? "with ctx_in" : "no ctx_in", rates[rates.length / 2] / 1e3, 1e6 / rates[rates.length / 2], rates.length);
        }
    }

    /** The same bare calls on every core at once, one object each: the most any replay can reach here. */
    private static void syscallCeilingBothCores() throws Exception {
        int threads = Runtime.getRuntime().availableProcessors();
        int calls = 200_000;
        double[] rates = new double[5];
        for (int r = -1; r < rates.length; r++) {
            Thread[] ts = new Thread[threads];
            java.util.concurrent.CyclicBarrier loaded = new java.util.concurrent.CyclicBarrier(threads + 1);
            for (int i = 0; i < threads; i++) {
                ts[i] = new Thread(() -> {
                    byte[] ack = BenchFrames.bareAck();
                    try (BpfObject obj = BpfObject.load(BpfObject.Options.defaults().withOomTracepoint(false));
                         RingBuffer ring = RingBuffer.of(obj);
                         ProgramTestRun run = new ProgramTestRun(obj, BpfObject.PROG_TC_INGRESS)) {
                        loaded.await();
                        for (int k = 0; k < calls; k++) {
                            run.run(ack, ack.length, ack.length);
                            if ((k & 1023) == 0) {
                                ring.drain((d, o, l) -> { }, Integer.MAX_VALUE);
                            }
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                ts[i].start();
            }
            loaded.await();
            long t0 = System.nanoTime(); // every object loaded: the calls alone
            for (Thread t : ts) {
                t.join();
            }
            if (r >= 0) {
                rates[r] = (double) threads * calls / ((System.nanoTime() - t0) / 1e9);
            }
        }
        Arrays.sort(rates);
        System.out.printf("replay\tceiling: BPF_PROG_TEST_RUN calls/s on %d threads at once (bare ACK, no ctx_in, object loads excluded)\t%.0f k calls/s (median of %d)%n",
                threads, rates[rates.length / 2] / 1e3, rates.length);
    }
}
