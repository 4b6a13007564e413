package io.flowlens.sources.packet;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.sources.packet.enumerator.PacketEnumeratorState;
import io.flowlens.sources.packet.enumerator.PacketSplitEnumerator;
import io.flowlens.sources.packet.split.PacketSplit;
import java.util.List;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.mocks.MockSplitEnumeratorContext;
import org.junit.jupiter.api.Test;

class PacketSplitEnumeratorTest {
    @Test
    void oneLiveSplitPerHost() throws Exception {
        try (MockSplitEnumeratorContext<PacketSplit> ctx = new MockSplitEnumeratorContext<>(4)) {
            PacketSplitEnumerator e = new PacketSplitEnumerator(ctx, true, new PacketEnumeratorState(List.of()));
            register(ctx, e, 0, "node-a");
            register(ctx, e, 1, "node-a");
            register(ctx, e, 2, "node-b");
            register(ctx, e, 3, "node-b");

            var assignment = ctx.getSplitsAssignmentSequence().stream()
                    .flatMap(a -> a.assignment().entrySet().stream()).toList();
            assertThat(assignment).as("one capture split per host").hasSize(2);
            assertThat(assignment.get(0).getKey()).isZero();
            assertThat(assignment.get(0).getValue()).containsExactly(PacketSplit.live("node-a"));
            assertThat(assignment.get(1).getKey()).isEqualTo(2);
            assertThat(assignment.get(1).getValue()).containsExactly(PacketSplit.live("node-b"));
        }
    }

    @Test
    void aRestartedReaderTakesItsHostBack() throws Exception {
        try (MockSplitEnumeratorContext<PacketSplit> ctx = new MockSplitEnumeratorContext<>(2)) {
            PacketSplitEnumerator e = new PacketSplitEnumerator(ctx, true, new PacketEnumeratorState(List.of()));
            register(ctx, e, 0, "node-a");
            ctx.unregisterReader(0);
            register(ctx, e, 0, "node-a"); // region failover: same subtask comes back
            long splitsForA = ctx.getSplitsAssignmentSequence().stream()
                    .flatMap(a -> a.assignment().values().stream()).flatMap(List::stream)
                    .filter(s -> s.target().equals("node-a")).count();
            assertThat(splitsForA).isEqualTo(2);
        }
    }

    /**
     * What SessionClusterIT saw after a TaskManager was killed: the job restarts with the same enumerator, and the
     * reader that captured the lost node comes back on the surviving node. The lost node's replacement readers must
     * get its split, not stay idle behind a reader that now runs elsewhere.
     */
    @Test
    void aHostsOwnerThatComesBackOnAnotherHostNoLongerHoldsIt() throws Exception {
        try (MockSplitEnumeratorContext<PacketSplit> ctx = new MockSplitEnumeratorContext<>(4)) {
            PacketSplitEnumerator e = new PacketSplitEnumerator(ctx, true, new PacketEnumeratorState(List.of()));
            register(ctx, e, 0, "node-b");
            register(ctx, e, 1, "node-b");
            register(ctx, e, 2, "node-a");
            register(ctx, e, 3, "node-a");
            for (int subtask = 0; subtask < 4; subtask++) {
                ctx.unregisterReader(subtask); // global failover: every reader goes
            }
            register(ctx, e, 1, "node-a"); // the survivor's slots are filled first
            register(ctx, e, 0, "node-a");
            register(ctx, e, 2, "node-b"); // node-b's replacement TaskManager
            register(ctx, e, 3, "node-b");

            var afterRestart = ctx.getSplitsAssignmentSequence().stream().skip(2)
                    .flatMap(a -> a.assignment().entrySet().stream()).toList();
            assertThat(afterRestart).as("one capture split per host after the restart").hasSize(2);
            assertThat(afterRestart.get(0).getKey()).isEqualTo(1);
            assertThat(afterRestart.get(0).getValue()).containsExactly(PacketSplit.live("node-a"));
            assertThat(afterRestart.get(1).getKey()).as("node-b is captured again, by a reader on node-b").isEqualTo(2);
            assertThat(afterRestart.get(1).getValue()).containsExactly(PacketSplit.live("node-b"));
        }
    }

    @Test
    void filesGoToReadersThatAsk() throws Exception {
        try (MockSplitEnumeratorContext<PacketSplit> ctx = new MockSplitEnumeratorContext<>(2)) {
            PacketSplitEnumerator e = new PacketSplitEnumerator(ctx, false,
                    new PacketEnumeratorState(List.of(PacketSplit.file("/a.pcap"), PacketSplit.file("/b.pcap"))));
            register(ctx, e, 0, "h");
            e.handleSplitRequest(0, "h");
            e.handleSplitRequest(0, "h");
            assertThat(e.snapshotState(1).pendingFiles()).isEmpty();
            e.addSplitsBack(List.of(PacketSplit.file("/b.pcap")), 0);
            assertThat(e.snapshotState(2).pendingFiles()).containsExactly(PacketSplit.file("/b.pcap"));
            e.handleSplitRequest(0, "h");
            e.handleSplitRequest(0, "h");
            assertThat(ctx.getSplitsAssignmentSequence()).hasSize(3);
        }
    }

    private static void register(MockSplitEnumeratorContext<PacketSplit> ctx, PacketSplitEnumerator e, int subtask, String host) {
        ctx.registerReader(new ReaderInfo(subtask, host));
        e.addReader(subtask);
    }
}
