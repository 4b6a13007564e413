package io.flowlens.sources.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A bounded run on a real (mini) cluster: one record per window per host, stamped with the window start. */
class SystemMetricsSourcePipelineTest {
    private static final long WINDOW = 1000;

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void boundedRunEmitsOneAlignedRecordPerWindow() throws Exception {
        long started = System.currentTimeMillis();
        Instant end = Instant.ofEpochMilli(started + 12_000); // room for a slow MiniCluster start on a loaded machine
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2); // two readers on the one host: only one may sample it
        SystemMetricsSource source = SystemMetricsSource.builder().window(Duration.ofMillis(WINDOW)).endAt(end).build();

        List<SystemMetrics> out = new ArrayList<>();
        List<Long> eventTimes = new ArrayList<>();
        try (CloseableIterator<Stamped> it = env.fromSource(source, WatermarkStrategy.forMonotonousTimestamps(), "system")
                .process(new StampEventTime()).executeAndCollect("system-metrics-bounded")) {
            it.forEachRemaining(s -> {
                out.add(s.metrics);
                eventTimes.add(s.eventTime);
            });
        }

        assertThat(out).as("records of a bounded run").isNotEmpty();
        String host = out.get(0).host;
        assertThat(out).allSatisfy(m -> assertThat(m.host).isEqualTo(host));
        List<Long> starts = out.stream().map(m -> m.windowStartMillis).sorted().toList();
        for (int i = 0; i < starts.size(); i++) {
            assertThat(starts.get(i) % WINDOW).as("window starts lie on the grid").isZero();
            if (i > 0) {
                assertThat(starts.get(i) - starts.get(i - 1)).as("one record per window, none missing").isEqualTo(WINDOW);
            }
        }
        assertThat(starts.get(0)).as("the first window starts after the run did (it needs a baseline)").isGreaterThan(started);
        assertThat(starts.getLast() + WINDOW).as("the last window is the last one that ends by the end time")
                .isLessThanOrEqualTo(end.toEpochMilli()).isGreaterThan(end.toEpochMilli() - WINDOW);
        assertThat(eventTimes).as("event time = window start").isEqualTo(out.stream().map(m -> m.windowStartMillis).toList());
        assertThat(out).allSatisfy(m -> {
            assertThat(m.cpuUsagePercent).isBetween(0.0, 100.0);
            assertThat(m.memoryAvailableMb).isPositive();
        });
    }

    /** The record with the event time Flink carries for it. */
    public static final class Stamped {
        public SystemMetrics metrics;
        public long eventTime;

        public Stamped() {}
    }

    private static final class StampEventTime extends ProcessFunction<SystemMetrics, Stamped> {
        @Override
        public void processElement(SystemMetrics m, Context ctx, Collector<Stamped> out) {
            Stamped s = new Stamped();
            s.metrics = m;
            s.eventTime = ctx.timestamp();
            out.collect(s);
        }
    }
}
