package io.flowlens.sources.system;

import io.flowlens.sources.NodeName;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.sources.system.reader.SystemMetricsSourceReader;
import io.flowlens.sources.system.split.SystemMetricsSplit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.connector.testutils.source.reader.TestingReaderContext;
import org.apache.flink.connector.testutils.source.reader.TestingReaderOutput;
import org.apache.flink.core.io.InputStatus;
import org.junit.jupiter.api.Test;

class SystemMetricsSourceReaderTest {
    private static final long WINDOW = 200;

    @Test
    void readerWithoutASplitFinishes() throws Exception {
        try (var reader = new SystemMetricsSourceReader(new TestingReaderContext(), WINDOW, Long.MAX_VALUE)) {
            reader.start();
            var out = new TestingReaderOutput<SystemMetrics>();
            assertThat(reader.pollNext(out)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
            reader.notifyNoMoreSplits();
            assertThat(reader.isAvailable()).isDone();
            assertThat(reader.pollNext(out)).isEqualTo(InputStatus.END_OF_INPUT);
        }
    }

    @Test
    void waitsWithoutBlockingAndEmitsEveryWholeWindowUntilTheEnd() throws Exception {
        TestingReaderContext ctx = new TestingReaderContext();
        long end = System.currentTimeMillis() + 1100;
        try (var reader = new SystemMetricsSourceReader(ctx, WINDOW, end)) {
            reader.start();
            reader.addSplits(List.of(new SystemMetricsSplit(ctx.getLocalHostName())));
            var out = new TestingReaderOutput<SystemMetrics>();
            assertThat(reader.pollNext(out)).as("no window is whole yet: nothing, and no waiting")
                    .isEqualTo(InputStatus.NOTHING_AVAILABLE);
            InputStatus status;
            while ((status = reader.pollNext(out)) != InputStatus.END_OF_INPUT) {
                if (status == InputStatus.NOTHING_AVAILABLE) {
                    reader.isAvailable().get(10, TimeUnit.SECONDS);
                }
            }
            List<Long> starts = out.getEmittedRecords().stream().map(m -> m.windowStartMillis).toList();
            assertThat(starts).isNotEmpty();
            for (int i = 1; i < starts.size(); i++) {
                assertThat(starts.get(i) - starts.get(i - 1)).as("consecutive windows %s", starts).isEqualTo(WINDOW);
            }
            assertThat(starts).allSatisfy(s -> assertThat(s % WINDOW).isZero());
            assertThat(starts.getLast() + WINDOW).isLessThanOrEqualTo(end).isGreaterThan(end - WINDOW);
            assertThat(out.getEmittedRecords()).as("an embedded reader names its node by the host name")
                    .allSatisfy(m -> assertThat(m.host).isEqualTo(NodeName.of(ctx.getLocalHostName())));
        }
    }

    @Test
    void aDurationCountsFromTheSplitsArrival() throws Exception {
        TestingReaderContext ctx = new TestingReaderContext();
        try (var reader = new SystemMetricsSourceReader(ctx, WINDOW, Long.MAX_VALUE, 1100)) {
            Thread.sleep(2 * WINDOW); // a start-up delay: an end fixed at construction would leave no whole window
            reader.addSplits(List.of(new SystemMetricsSplit(ctx.getLocalHostName())));
            long arrived = System.currentTimeMillis(); // not before the reader's own reading
            var out = new TestingReaderOutput<SystemMetrics>();
            for (int polls = 0; polls < 1000 && reader.pollNext(out) != InputStatus.END_OF_INPUT; polls++) {
                reader.isAvailable().get(10, TimeUnit.SECONDS);
            }
            assertThat(out.getEmittedRecords()).as("whole windows within 1100 ms of the split's arrival").isNotEmpty()
                    .allSatisfy(m -> assertThat(m.windowStartMillis + WINDOW).isLessThanOrEqualTo(arrived + 1100));
        }
    }

    @Test
    void noWholeWindowBeforeTheEndMeansNoRecords() throws Exception {
        TestingReaderContext ctx = new TestingReaderContext();
        long window = 60_000;
        long end = Math.ceilDiv(System.currentTimeMillis(), window) * window + window - 1;
        try (var reader = new SystemMetricsSourceReader(ctx, window, end)) {
            reader.addSplits(List.of(new SystemMetricsSplit(ctx.getLocalHostName())));
            var out = new TestingReaderOutput<SystemMetrics>();
            assertThat(reader.pollNext(out)).isEqualTo(InputStatus.END_OF_INPUT);
            assertThat(out.getEmittedRecords()).isEmpty();
        }
    }
}
