package io.flowlens.job.tcp;

import static io.flowlens.job.tcp.TcpFlags.ACK;
import static io.flowlens.job.tcp.TcpFlags.PSH;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The per-packet path runs on the reader thread for every packet: it must not allocate. */
class TcpFlowAnalyzerAllocationTest {

    @Test
    void analysingPacketsAllocatesNothing() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        TcpFlowAnalyzer analyzer = new TcpFlowAnalyzer();
        TcpSliceCounters out = new TcpSliceCounters();
        feed(analyzer, out, 20_000); // warm up: let the JIT compile the path first
        long tid = Thread.currentThread().threadId();
        long before = threads.getThreadAllocatedBytes(tid);
        feed(analyzer, out, 200_000);
        long allocated = threads.getThreadAllocatedBytes(tid) - before;
        assertThat(allocated).as("bytes allocated for 400,000 packets (a few hundred are the measurement's own)")
                .isLessThan(4096);
    }

    /** Data, a resend now and then, ACKs, zero windows, slices: every branch of the per-packet path. */
    private static void feed(TcpFlowAnalyzer analyzer, TcpSliceCounters out, int rounds) {
        long t = 1_000_000_000L;
        long seq = 0xFFFF_0000L;
        for (int i = 0; i < rounds; i++) {
            t += 100_000;
            boolean resend = i % 50 == 0;
            long sent = resend ? (seq - 1000) & 0xFFFFFFFFL : seq;
            analyzer.onPacket(true, t, sent, 1, ACK | PSH, 500, 1000, 1);
            if (!resend) {
                seq = (seq + 1000) & 0xFFFFFFFFL;
            }
            analyzer.onPacket(false, t + 50_000, 1, seq, ACK, i % 97 == 0 ? 0 : 500, 0, 1);
            if (i % 1000 == 0) {
                analyzer.drainSlice(t, out);
            }
        }
    }
}
