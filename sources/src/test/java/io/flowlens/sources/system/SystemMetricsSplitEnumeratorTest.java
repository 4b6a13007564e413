package io.flowlens.sources.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.sources.system.enumerator.SystemMetricsEnumeratorState;
import io.flowlens.sources.system.enumerator.SystemMetricsSplitEnumerator;
import io.flowlens.sources.system.split.SystemMetricsSplit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.mocks.MockSplitEnumeratorContext;
import org.junit.jupiter.api.Test;

class SystemMetricsSplitEnumeratorTest {
    @Test
    void oneSplitPerHostToAReaderOnThatHost() throws Exception {
        try (MockSplitEnumeratorContext<SystemMetricsSplit> ctx = new MockSplitEnumeratorContext<>(4)) {
            var e = new SystemMetricsSplitEnumerator(ctx, new SystemMetricsEnumeratorState(Set.of()));
            register(ctx, e, 0, "node-a");
            register(ctx, e, 1, "node-b");
            register(ctx, e, 2, "node-a");
            register(ctx, e, 3, "node-b");
            var assigned = assignments(ctx);
            assertThat(assigned).as("one split per host, on that host")
                    .containsExactly(Map.entry(0, new SystemMetricsSplit("node-a")), Map.entry(1, new SystemMetricsSplit("node-b")));
            assertThat(e.snapshotState(1).sampledHosts()).containsExactlyInAnyOrder("node-a", "node-b");
        }
    }

    @Test
    void aHostWhoseReaderIsGoneGoesToTheNextReaderThere() throws Exception {
        try (MockSplitEnumeratorContext<SystemMetricsSplit> ctx = new MockSplitEnumeratorContext<>(2)) {
            var e = new SystemMetricsSplitEnumerator(ctx, new SystemMetricsEnumeratorState(Set.of()));
            register(ctx, e, 0, "node-a");
            ctx.unregisterReader(0);
            e.addSplitsBack(List.of(new SystemMetricsSplit("node-a")), 0);
            register(ctx, e, 1, "node-a");
            assertThat(assignments(ctx)).containsExactly(
                    Map.entry(0, new SystemMetricsSplit("node-a")), Map.entry(1, new SystemMetricsSplit("node-a")));
        }
    }

    private static List<Map.Entry<Integer, SystemMetricsSplit>> assignments(MockSplitEnumeratorContext<SystemMetricsSplit> ctx) {
        return ctx.getSplitsAssignmentSequence().stream().flatMap(a -> a.assignment().entrySet().stream())
                .flatMap(en -> en.getValue().stream().map(s -> Map.entry(en.getKey(), s))).toList();
    }

    private static void register(MockSplitEnumeratorContext<SystemMetricsSplit> ctx, SystemMetricsSplitEnumerator e,
            int subtask, String host) {
        ctx.registerReader(new ReaderInfo(subtask, host));
        e.addReader(subtask);
    }
}
