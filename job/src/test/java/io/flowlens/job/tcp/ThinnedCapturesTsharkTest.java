package io.flowlens.job.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.sources.bpf.KernelTest;
import io.flowlens.testkit.NetNs;
import io.flowlens.testkit.SharedTestData;
import io.flowlens.testkit.TsharkOracle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential test of the TCP analysis on traffic no capture in the shared folder shows as is: each shared capture
 * with TCP in it, thinned by {@code editcap} (a seeded random 2 to 22 % of its frames deleted, so ACKs of unseen data,
 * gaps, duplicate ACKs of lost segments and resends of them appear), replayed as in {@link TcpAnalysisTsharkTest} and
 * compared per connection with tshark on the same thinned file. The lossy-link test's captures found two rules this
 * way that the whole captures never exercised: which side an "ACKed unseen segment" marks, and that Wireshark's
 * duplicate-ACK count is unsigned.
 */
@KernelTest
class ThinnedCapturesTsharkTest {
    private static final int SEEDS = 8;

    @TempDir
    Path dir;

    static List<Path> captures() {
        return SharedTestData.pcapFiles().stream().filter(c -> !TsharkOracle.fields(c, "tcp", "frame.number").isEmpty())
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void thinnedCountsPerConnectionEqualTsharks(Path capture) throws IOException {
        int frames = TsharkOracle.fields(capture, "", "frame.number").size();
        List<String> differences = new ArrayList<>();
        for (int seed = 1; seed <= SEEDS; seed++) {
            Path thin = dir.resolve("thinned-" + seed + ".pcapng");
            List<String> dropped = thin(capture, thin, frames, seed);
            List<String> expected = TsharkTcpCounts.of(thin).stream().sorted().toList();
            List<String> actual = ReplayedConnections.of(thin, 1).lines().stream().sorted().toList();
            if (!actual.equals(expected)) {
                differences.add(String.format("seed %d, %d of %d frames deleted (%s):%n  ours   %s%n  tshark %s", seed,
                        dropped.size(), frames, String.join(" ", dropped), without(actual, expected),
                        without(expected, actual)));
            }
        }
        assertThat(differences).as("thinned copies of %s whose TCP analysis differs from tshark's",
                capture.getFileName()).isEmpty();
    }

    /** Writes {@code capture} without a seeded random share of its frames; returns the deleted frame numbers. */
    private static List<String> thin(Path capture, Path out, int frames, int seed) {
        Random random = new Random(seed);
        double share = 0.02 + 0.2 * random.nextDouble();
        List<String> dropped = new ArrayList<>();
        for (int frame = 1; frame <= frames; frame++) {
            if (random.nextDouble() < share) {
                dropped.add(Integer.toString(frame));
            }
        }
        List<String> argv = new ArrayList<>(List.of("editcap", capture.toString(), out.toString()));
        argv.addAll(dropped); // editcap deletes the frames it is given
        NetNs.root().exec(argv.toArray(String[]::new)).checked();
        return dropped;
    }

    private static List<String> without(List<String> lines, List<String> others) {
        List<String> out = new ArrayList<>(lines);
        out.removeAll(others);
        return out;
    }
}
