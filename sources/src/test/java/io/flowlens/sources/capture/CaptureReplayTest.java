package io.flowlens.sources.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.sources.bpf.BpfObject;
import io.flowlens.sources.bpf.Counter;
import io.flowlens.sources.bpf.CounterSnapshot;
import io.flowlens.sources.bpf.KernelTest;
import io.flowlens.testkit.Conversation;
import io.flowlens.testkit.SharedTestData;
import io.flowlens.testkit.TsharkOracle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shared capture replayed through the real TC program: per-conversation packet and byte counts,
 * per direction, equal tshark's conversation tables (an independent dissector) for every flow.
 */
@KernelTest
class CaptureReplayTest {
    static List<Path> captures() {
        return SharedTestData.pcapFiles();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void perFlowCountsEqualTsharks(Path capture) throws IOException {
        FlowTally tally = new FlowTally();
        CounterSnapshot counters;
        long packets;
        try (CaptureReplay replay = new CaptureReplay(capture, BpfObject.Options.defaults())) {
            while (!replay.isFinished()) {
                replay.poll(tally, 1000);
            }
            assertThat(replay.error()).as("a well-formed capture replays to its end").isEmpty();
            counters = replay.counters();
            packets = replay.packetsRead();
        }
        assertThat(counters.get(Counter.PACKETS)).as("every packet of the file went through the program").isEqualTo(packets);
        assertThat(counters.get(Counter.RECORDS) + counters.get(Counter.NOT_IP) + counters.get(Counter.MALFORMED)
                + counters.get(Counter.RINGBUF_DROPS)).isEqualTo(packets);
        assertThat(counters.get(Counter.RINGBUF_DROPS)).isZero();

        List<Conversation> expected = TsharkOracle.conversations(capture).stream()
                .sorted(Comparator.comparing(Conversation::toString)).toList();
        List<Conversation> actual = tally.conversations().stream()
                .sorted(Comparator.comparing(Conversation::toString)).toList();
        assertThat(actual).as("TCP and UDP conversations of %s, as tshark counts them", capture.getFileName())
                .containsExactlyInAnyOrderElementsOf(expected);
    }
}
