package io.flowlens.job.bench;

import io.flowlens.job.l7.L7Segment;
import io.flowlens.job.l7.Transaction;
import io.flowlens.job.l7.http2.Conversations;
import io.flowlens.job.l7.http2.Http2Session;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.function.Consumer;

/**
 * Http2Session throughput on one thread: a 2000-stream connection (half gRPC with trailers, half GET, every field decodable) from Netty's
 * encoder, exported at the default cap (128), replayed through a fresh session again and again. Prints
 * transactions/s, segments/s and bytes allocated per transaction (the thread's allocation counter).
 * Run: {@code java -cp <job test classpath> io.flowlens.job.bench.Http2SessionBench}
 */
public final class Http2SessionBench {
    static long sink;

    public static void main(String[] args) {
        List<L7Segment> segments = Conversations.manyStreams(2000, 128);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        Consumer<Transaction> out = t -> sink += t.http2StreamId + (t.status == null ? 0 : t.status);
        int[] count = new int[2];
        Consumer<Transaction> counting = t -> {
            count[0]++;
            count[1] += t.target != null && t.status != null ? 1 : 0;
            out.accept(t);
        };
        for (int round = -3; round < 10; round++) { // three warm-up rounds
            count[0] = count[1] = 0;
            long a0 = mx.getThreadAllocatedBytes(tid);
            long t0 = System.nanoTime();
            int reps = 200;
            for (int r = 0; r < reps; r++) {
                Http2Session session = new Http2Session();
                for (L7Segment s : segments) {
                    session.onSegment(s, counting);
                }
                session.close(counting);
            }
            long ns = System.nanoTime() - t0;
            long bytes = mx.getThreadAllocatedBytes(tid) - a0;
            if (round >= 0) {
                System.out.printf("http2\t%.0f transactions/s\t%.0f segments/s\t%.0f B allocated/transaction\t"
                        + "%d of %d with target and status%n", count[0] * 1e9 / ns,
                        (double) reps * segments.size() * 1e9 / ns, (double) bytes / count[0], count[1], count[0]);
            }
        }
        System.out.println("sink " + sink);
    }
}
