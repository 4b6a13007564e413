package io.flowlens.job.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.sources.bpf.KernelTest;
import io.flowlens.sources.capture.CaptureReplay;
import io.flowlens.testkit.SharedTestData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shared capture replayed through the real TC program, a {@link TcpFlowAnalyzer} per connection: per
 * connection, the counts of retransmissions (and of fast and spurious ones among them), out-of-order segments and
 * zero windows equal tshark's, and so does the handshake RTT (an independent
 * implementation of the same rules, run on the original file).
 */
@KernelTest
class TcpAnalysisTsharkTest {
    static List<Path> captures() {
        return SharedTestData.pcapFiles();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void perConnectionCountsEqualTsharks(Path capture) throws IOException {
        ReplayedConnections connections = ReplayedConnections.of(capture, CaptureReplay.DEFAULT_WORKERS);
        List<String> expected = TsharkTcpCounts.of(capture);
        List<String> actual = connections.lines();
        System.out.printf("%s: %d TCP packets, %d connections, tshark totals %s, ours %s%n", capture.getFileName(),
                connections.packets, expected.size(), totals(expected), totals(actual));
        assertThat(actual).as("TCP analysis counts per connection of %s, as tshark counts them", capture.getFileName())
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    /** Sum of each count over all connections, for the log. */
    private static String totals(List<String> lines) {
        int n = TsharkTcpCounts.COUNTS.length;
        long[] sum = new long[n];
        for (String line : lines) {
            String[] parts = line.split(" ");
            for (int i = 0; i < TsharkTcpCounts.INITIAL_RTT; i++) {
                sum[i] += Long.parseLong(parts[parts.length - n + i].split("=")[1]);
            }
        }
        String all = TsharkTcpCounts.line("all", 0, sum);
        return all.substring("all #0 ".length(), all.lastIndexOf(' '));
    }
}
