package io.flowlens.job.bench;

import io.flowlens.job.l7.L7Segment;
import io.flowlens.job.l7.L7Session;
import io.flowlens.job.l7.Transaction;
import io.flowlens.job.l7.http.HttpSession;
import io.flowlens.job.l7.redis.RedisSession;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Transactions/s of each L7 session on one core, and bytes allocated per transaction (ThreadMXBean), over
 * pre-built connections of 100 exchanges each, as the kernel would export them (128-byte prefixes). No JMH: the
 * numbers are for docs/benchmarks.md, not a timed test. Run from the job module with the test classpath:
 * {@code java -cp "$(cat cp.txt):target/classes:target/test-classes" io.flowlens.job.bench.L7SessionBench}.
 */
public final class L7SessionBench {
    private static final int CAP = 128, EXCHANGES = 100;
    private static long sink;

    public static void main(String[] args) {
        run("http keep-alive", () -> new HttpSession(false), http(false));
        run("http pipelined x4", () -> new HttpSession(false), http(true));
        run("redis", RedisSession::new, redis(1, "user:1234567"));
        run("redis pipelined x5", RedisSession::new, redis(5, "k")); // 5 short GETs fit one 128-byte prefix
    }

    private static void run(String name, Supplier<L7Session> sessions, List<L7Segment> connection) {
        long[] emitted = {0};
        Consumer<Transaction> out = t -> {
            emitted[0]++;
            sink += t.responseNanos;
        };
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        double best = 0, bytesPerTx = 0;
        for (int round = -3; round < 5; round++) {
            emitted[0] = 0;
            long bytes0 = mx.getThreadAllocatedBytes(tid);
            long t0 = System.nanoTime(), t1;
            do {
                L7Session s = sessions.get();
                for (L7Segment seg : connection) {
                    s.onSegment(seg, out);
                }
                s.close(out);
                t1 = System.nanoTime();
            } while (t1 - t0 < 1_000_000_000L);
            double tx = emitted[0];
            if (round >= 0) {
                best = Math.max(best, tx * 1e9 / (t1 - t0));
                bytesPerTx = (mx.getThreadAllocatedBytes(tid) - bytes0) / tx;
            }
        }
        System.out.printf("%-20s %,12.0f transactions/s  %6.0f B allocated/transaction  (%s)%n",
                name, best, bytesPerTx, sink == 42 ? "" : "1 core, best of 5 1-s rounds");
    }

    /**
     * One connection of EXCHANGES exchanges: browser-like requests of ~270 bytes (cut at CAP) one per segment, or
     * short API requests pipelined four to a segment (all four visible); each response in its own segment.
     */
    private static List<L7Segment> http(boolean pipelined) {
        String request = pipelined ? "GET /i/1 HTTP/1.1\r\nHost: api\r\n\r\n"
                : "GET /api/v1/items/12345?token=abcdef HTTP/1.1\r\nHost: service.namespace.svc.cluster.local\r\n"
                        + "User-Agent: curl/8.5.0\r\nAccept: */*\r\nX-Request-Id: 0b7c2e9a-5f31-4a9e-8f7e-1d2c3b4a5f60\r\n"
                        + "Accept-Encoding: gzip\r\n\r\n";
        String response = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: application/json\r\n\r\n{}";
        List<L7Segment> out = new ArrayList<>();
        long cs = 1, ss = 1, now = 1;
        int batch = pipelined ? 4 : 1;
        for (int i = 0; i < EXCHANGES; i += batch) {
            out.add(segment(true, now++, L7Segment.HTTP1_REQUEST, cs, request.repeat(batch)));
            cs += (long) request.length() * batch;
            for (int b = 0; b < batch; b++) {
                out.add(segment(false, now++, L7Segment.HTTP1_RESPONSE, ss, response));
                ss += response.length();
            }
        }
        return out;
    }

    /** One connection: GET commands and bulk replies, {@code batch} per segment. */
    private static List<L7Segment> redis(int batch, String key) {
        String command = "*2\r\n$3\r\nGET\r\n$" + key.length() + "\r\n" + key + "\r\n";
        String reply = "$5\r\nhello\r\n";
        List<L7Segment> out = new ArrayList<>();
        long cs = 1, ss = 1, now = 1;
        for (int i = 0; i < EXCHANGES; i += batch) {
            out.add(segment(true, now++, L7Segment.REDIS, cs, command.repeat(batch)));
            cs += (long) command.length() * batch;
            out.add(segment(false, now++, L7Segment.REDIS, ss, reply.repeat(batch)));
            ss += (long) reply.length() * batch;
        }
        return out;
    }

    private static L7Segment segment(boolean fromClient, long ts, int cls, long seq, String payload) {
        byte[] b = payload.getBytes(StandardCharsets.ISO_8859_1);
        return new L7Segment(fromClient, ts, cls, seq, b.length, Arrays.copyOf(b, Math.min(CAP, b.length)));
    }
}
