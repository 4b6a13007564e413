package io.flowlens.job.sink;

import io.flowlens.job.schema.Column;
import io.flowlens.job.schema.DatasetSchema;
import io.flowlens.job.schema.FlowSchema;
import java.time.Instant;
import java.util.stream.IntStream;
import java.util.List;
import org.apache.flink.types.Row;

/**
 * Known flows rows that exercise the writers: text that needs CSV quoting, unicode, empty strings, nulls in every
 * column but the key and the partition time, extreme numbers, and partition times spread over six hours of four
 * days across a year boundary. Row i is a pure function of i, so a Flink generator can make it on any task.
 */
final class TestRows {
    private TestRows() {}

    static final DatasetSchema SCHEMA = FlowSchema.FLOWS;
    static final int COUNT = 24;
    static final String KEY = "flow_id";
    /** Rows i, i+6, i+12 and i+18 share a partition. */
    static final int PARTITIONS = 6;

    private static final long FIRST_WINDOW_MS = Instant.parse("2025-12-31T22:59:59.999Z").toEpochMilli();
    private static final long PARTITION_STEP_MS = 17 * 3_600_000L + 1;

    private static final String[] TEXT = {"plain", "", "a,b", "say \"hi\"", "line1\nline2", "cr\r\nlf", "ünïcødé 🚀 日本語",
        " spaced ", "ends with quote\"", "\"", ",", "trailing,\n", "tab\there", "'single'"};
    private static final int[] INTS = {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 443, -70000};
    private static final long[] LONGS = {0, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1_234_567_890_123L, -98_765};
    private static final double[] DOUBLES = {0.0, 0.1, -123.456, 1e-7, Double.MAX_VALUE, Double.MIN_VALUE, 1e21, 2.5,
        -1e300 / 3, 100.0};

    static List<Row> all() {
        return IntStream.range(0, COUNT).mapToObj(TestRows::row).toList();
    }

    static Row row(int i) {
        Row row = new Row(SCHEMA.size());
        for (int j = 0; j < SCHEMA.size(); j++) {
            row.setField(j, value(i, j, SCHEMA.columns().get(j)));
        }
        return row;
    }

    static long windowStartMs(int i) {
        return FIRST_WINDOW_MS + (i % PARTITIONS) * PARTITION_STEP_MS;
    }

    private static Object value(int i, int j, Column c) {
        if (c.name().equals(KEY)) {
            return String.format("flow-%03d", i);
        }
        if (c.name().equals(SCHEMA.partitionTimeColumn())) {
            return windowStartMs(i);
        }
        if ((i + j) % 7 == 0) {
            return null;
        }
        int k = i * 31 + j;
        return switch (c.type()) {
            case STRING -> TEXT[k % TEXT.length];
            case INT -> INTS[k % INTS.length];
            case LONG -> LONGS[k % LONGS.length];
            case DOUBLE -> DOUBLES[k % DOUBLES.length];
        };
    }
}
