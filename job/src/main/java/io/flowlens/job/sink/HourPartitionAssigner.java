package io.flowlens.job.sink;

import io.flowlens.job.schema.DatasetSchema;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;
import org.apache.flink.types.Row;

/**
 * Puts a row in the hive-style folder {@code dt=YYYY-MM-DD/hour=HH} of its partition time column (epoch ms, UTC),
 * so the folder depends on the data, not on when the job happened to process it: a replay lands where a live run
 * would have.
 */
final class HourPartitionAssigner implements BucketAssigner<Row, String> {
    private static final long HOUR_MS = 3_600_000L;

    private final String schemaName;
    private final String timeColumn;
    private final int timePos;
    /** The last row's hour (epoch ms / 1 h) and its folder: rows come in time order, so nearly every row hits it. */
    private transient long lastHour = Long.MIN_VALUE;
    private transient String lastPartition;

    HourPartitionAssigner(DatasetSchema schema) {
        this.schemaName = schema.name();
        this.timeColumn = schema.partitionTimeColumn();
        this.timePos = schema.index(timeColumn);
    }

    @Override
    public String getBucketId(Row row, Context context) {
        if (!(row.getField(timePos) instanceof Long epochMs)) {
            throw new IllegalArgumentException("a " + schemaName + " row has no " + timeColumn + " (epoch ms) to partition by: "
                    + row.getField(timePos));
        }
        long hour = Math.floorDiv(epochMs, HOUR_MS);
        if (hour != lastHour || lastPartition == null) { // null: new, or deserialised (lastHour then reads 0)
            lastPartition = partition(epochMs);
            lastHour = hour;
        }
        return lastPartition;
    }

    /** The relative folder of an epoch-ms instant, e.g. {@code dt=2026-03-01/hour=07}. */
    static String partition(long epochMs) {
        ZonedDateTime t = Instant.ofEpochMilli(epochMs).atZone(ZoneOffset.UTC);
        return String.format(Locale.ROOT, "dt=%04d-%02d-%02d/hour=%02d", t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour());
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "HourPartitionAssigner{" + schemaName + " by " + timeColumn + "}";
    }
}
