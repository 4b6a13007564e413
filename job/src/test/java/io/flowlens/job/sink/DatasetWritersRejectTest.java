package io.flowlens.job.sink;

import static io.flowlens.job.sink.TestRows.SCHEMA;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.local.LocalFileSystem;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Both writers refuse rows that break the schema, with a message naming the column, instead of writing them. */
class DatasetWritersRejectTest {
    @TempDir
    Path dir;

    static Stream<Arguments> writers() {
        return Stream.of(Arguments.of("csv", new CsvWriterFactory(SCHEMA)),
                Arguments.of("parquet", ParquetRowWriters.forSchema(SCHEMA)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writers")
    void nanAndInfinityAreRejectedNamingTheColumn(String format, BulkWriter.Factory<Row> writers) throws Exception {
        int pos = SCHEMA.index("bytes_per_second");
        Row nan = TestRows.row(1);
        nan.setField(pos, Double.NaN);
        Row infinite = TestRows.row(2);
        infinite.setField(pos, Double.NEGATIVE_INFINITY);
        try (FSDataOutputStream out = create(format)) {
            BulkWriter<Row> writer = writers.create(out);
            writer.addElement(TestRows.row(0));
            assertThatThrownBy(() -> writer.addElement(nan)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("column bytes_per_second of flows is NaN; datasets hold finite doubles only, unknown values must be null");
            assertThatThrownBy(() -> writer.addElement(infinite)).hasMessageContaining("bytes_per_second of flows is -Infinity");
            writer.finish();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writers")
    void wrongTypesAndAritiesAreRejected(String format, BulkWriter.Factory<Row> writers) throws Exception {
        Row intForLong = TestRows.row(3);
        intForLong.setField(SCHEMA.index("packet_count"), 7);
        try (FSDataOutputStream out = create(format)) {
            BulkWriter<Row> writer = writers.create(out);
            assertThatThrownBy(() -> writer.addElement(intForLong))
                    .hasMessage("column packet_count of flows is LONG (Long), but the row holds a Integer: 7");
            assertThatThrownBy(() -> writer.addElement(Row.of("too", "short")))
                    .hasMessage("a flows row has 2 fields, the schema has " + SCHEMA.size() + " columns");
            writer.finish();
        }
    }

    private FSDataOutputStream create(String format) throws Exception {
        return LocalFileSystem.getSharedInstance().create(
                new org.apache.flink.core.fs.Path(dir.resolve("part." + format).toUri()), FileSystem.WriteMode.NO_OVERWRITE);
    }
}
