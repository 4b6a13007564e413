package io.flowlens.job.sink;

import io.flowlens.job.schema.DatasetSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.flink.types.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes datasets as files: {@code OUT/<dataset>/dt=YYYY-MM-DD/hour=HH/part-*.csv|.parquet}, partitioned by the
 * UTC hour of the schema's partition time column. Part files roll on every checkpoint and are committed when the
 * checkpoint completes (or when a bounded input ends), so with checkpointing on each row is in exactly one committed
 * file; readers should skip names starting with "." or "_", which is where in-progress files live.
 */
public final class DatasetSinks {
    private static final Logger LOG = LoggerFactory.getLogger(DatasetSinks.class);

    private DatasetSinks() {}

    /** Part file names are this, a random id per sink subtask and a counter: {@code part-<uuid>-<n>.csv}. */
    public static final String PART_PREFIX = "part";

    /**
     * Attaches the file sinks of {@code format} to {@code rows}.
     *
     * @param rows positional rows, one field per schema column, of the schema column type's Java class (null = unknown)
     * @param outputDir a local path or any Flink file system URI ({@code file:///data/out}, {@code s3://bucket/out})
     */
    public static void attach(DataStream<Row> rows, DatasetSchema schema, String outputDir, DatasetFormat format) {
        if (!rows.getExecutionEnvironment().getCheckpointConfig().isCheckpointingEnabled()) {
            LOG.warn("checkpointing is off: the {} files are committed only when the input ends, never in an unbounded run",
                    schema.name());
        }
        Path base = new Path(new Path(outputDir), schema.name());
        for (DatasetFormat file : format.files()) {
            String suffix = file == DatasetFormat.CSV ? ".csv" : ".parquet";
            BulkWriter.Factory<Row> writers =
                    file == DatasetFormat.CSV ? new CsvWriterFactory(schema) : ParquetRowWriters.forSchema(schema);
            FileSink<Row> sink = FileSink.forBulkFormat(base, writers)
                    .withBucketAssigner(new HourPartitionAssigner(schema))
                    .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix(PART_PREFIX).withPartSuffix(suffix).build())
                    .withRollingPolicy(OnCheckpointRollingPolicy.build())
                    .build();
            String id = schema.name() + "-" + suffix.substring(1) + "-sink";
            // a stable uid keeps the sink's pending files in its state across job upgrades
            rows.sinkTo(sink).name(id).uid(id);
        }
    }

    /**
     * Pre-flight for the command line: creates {@code outputDir} if needed and writes and deletes a probe file in it,
     * so an unusable output fails before the job starts instead of at its first checkpoint.
     *
     * @throws IllegalArgumentException naming the directory and the reason when it cannot hold dataset files
     */
    public static void checkWritable(String outputDir) {
        Path dir = new Path(outputDir);
        Path probe = new Path(dir, ".flowlens-write-check-" + UUID.randomUUID());
        try {
            FileSystem fs = dir.getFileSystem();
            if (fs.exists(dir)) {
                FileStatus status = fs.getFileStatus(dir);
                if (!status.isDir()) {
                    throw new IOException("it is a file, not a directory");
                }
            } else if (!fs.mkdirs(dir)) {
                throw new IOException("it could not be created");
            }
            try (FSDataOutputStream out = fs.create(probe, FileSystem.WriteMode.NO_OVERWRITE)) {
                out.write("flowlens".getBytes(StandardCharsets.US_ASCII));
            }
            fs.delete(probe, false);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot write datasets to " + outputDir + ": " + e.getMessage()
                    + "; choose a directory this user can create files in", e);
        }
    }
}
