package io.flowlens.job.sink;

import static io.flowlens.job.sink.TestRows.SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both formats written by a real Flink job (MiniCluster, two parallel sink subtasks, a checkpoint every 500 ms, a
 * source that lets only 8 rows through per checkpoint so files roll several times), then read back: by a strict
 * RFC 4180 reader here, and by DuckDB as an independent reader of the Parquet and CSV files.
 */
class DatasetSinksPipelineTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    static Path out;
    private static boolean written;

    private static final DateTimeFormatter PARTITION =
            DateTimeFormatter.ofPattern("'dt='yyyy-MM-dd'/hour='HH").withZone(ZoneOffset.UTC);

    /** Runs the job once for all tests of the class (the extension's environment is only set up around a test). */
    private static synchronized Path dataset() throws Exception {
        if (!written) {
            TestJob.write(out, row -> row, 0);
            written = true;
        }
        return out.resolve(SCHEMA.name());
    }

    @Test
    void everyCsvPartFileHasExactlyOneHeaderLine() throws Exception {
        Map<Path, List<List<String>>> files = CsvParts.read(dataset());
        assertThat(files.values()).as("each part file: header first, never again").allSatisfy(records -> {
            assertThat(records.getFirst()).isEqualTo(SCHEMA.names());
            assertThat(records.subList(1, records.size())).doesNotContain(SCHEMA.names());
        });
        Map<Path, Long> filesPerPartition = files.keySet().stream()
                .collect(Collectors.groupingBy(Path::getParent, Collectors.counting()));
        assertThat(filesPerPartition.values()).as("some partition has several part files, so several headers were written")
                .anyMatch(n -> n > 1);
    }

    @Test
    void csvRowsAreTheInputRowsInTheirPartitions() throws Exception {
        Path dataset = dataset();
        List<Row> rows = new ArrayList<>();
        CsvParts.read(dataset).forEach((file, records) -> {
            for (List<String> record : records.subList(1, records.size())) {
                Row row = CsvParts.toRow(record);
                rows.add(row);
                assertThat(dataset.relativize(file.getParent()).toString()).as("folder of %s", row.getField(1))
                        .isEqualTo(PARTITION.format(Instant.ofEpochMilli((Long) row.getField(SCHEMA.index("window_start_ms")))));
            }
        });
        assertThat(rows).containsExactlyInAnyOrderElementsOf(TestRows.all());
    }

    @Test
    void partitionFoldersAreTheRowsUtcHoursForBothFormats() throws Exception {
        Path dataset = dataset();
        Set<String> expected = Set.of("dt=2025-12-31/hour=22", "dt=2026-01-01/hour=16", "dt=2026-01-02/hour=09",
                "dt=2026-01-03/hour=02", "dt=2026-01-03/hour=19", "dt=2026-01-04/hour=12");
        for (String suffix : List.of(".csv", ".parquet")) {
            try (Stream<Path> files = Files.walk(dataset)) {
                assertThat(files.filter(f -> f.toString().endsWith(suffix))
                        .map(f -> dataset.relativize(f.getParent()).toString()).collect(Collectors.toSet()))
                        .as("folders holding %s part files", suffix).isEqualTo(expected);
            }
        }
    }

    @Test
    void onlyCommittedPartFilesRemain() throws Exception {
        try (Stream<Path> files = Files.walk(dataset())) {
            assertThat(files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()).toList())
                    .as("no in-progress or pending files after the bounded job finished")
                    .isNotEmpty()
                    .allMatch(name -> name.startsWith(DatasetSinks.PART_PREFIX + "-"), "starts with part-")
                    .allMatch(name -> name.endsWith(".csv") || name.endsWith(".parquet"), "ends in .csv or .parquet");
        }
    }

    @Test
    void duckDbReadsTheParquetColumnsTypedAsTheSchemaPlusPartitionColumns() throws Exception {
        DuckDbReader.Result duck = DuckDbReader.read(dataset().getParent(), SCHEMA, TestRows.KEY);
        Map<String, String> expected = new TreeMap<>();
        SCHEMA.columns().forEach(c -> expected.put(c.name(), DuckDbReader.duckDbType(c.type())));
        assertThat(duck.parquetTypes()).containsAllEntriesOf(expected).containsKeys("dt", "hour")
                .hasSize(SCHEMA.size() + 2);
    }

    @Test
    void duckDbReadsTheInputRowsFromParquetAndTheSameRowsFromCsv() throws Exception {
        DuckDbReader.Result duck = DuckDbReader.read(dataset().getParent(), SCHEMA, TestRows.KEY);
        List<Row> input = TestRows.all(); // in key order
        assertThat(duck.parquetRows(SCHEMA))
                .as("Parquet rows as DuckDB reads them, by %s", TestRows.KEY).isEqualTo(input);
        assertThat(duck.parquetRows()).as("hive partition columns").allSatisfy(r -> {
            String partition = PARTITION.format(Instant.ofEpochMilli(r.get("window_start_ms").asLong()));
            assertThat("dt=" + r.get("dt").asText() + "/hour=" + String.format("%02d", r.get("hour").asInt()))
                    .isEqualTo(partition);
        });
        assertThat(duck.csvRows()).as("CSV rows equal Parquet rows, row for row, partition columns included")
                .isEqualTo(duck.parquetRows());
    }
}
