package io.flowlens.job.sink;

import static io.flowlens.job.sink.TestRows.SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.job.schema.Column;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.flink.types.Row;

/** A written dataset's CSV part files, parsed by the tests' own RFC 4180 reader. */
final class CsvParts {
    private CsvParts() {}

    /** Every committed {@code .csv} file below {@code dataset}, as its records, header included. */
    static Map<Path, List<List<String>>> read(Path dataset) throws IOException {
        try (Stream<Path> files = Files.walk(dataset)) {
            Map<Path, List<List<String>>> parsed = new TreeMap<>();
            files.filter(f -> f.getFileName().toString().endsWith(".csv")).forEach(f -> {
                try {
                    parsed.put(f, Rfc4180.records(Files.readString(f, StandardCharsets.UTF_8)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            assertThat(parsed).as("CSV part files under %s", dataset).isNotEmpty();
            return parsed;
        }
    }

    /** The rows of all files, headers dropped. */
    static List<Row> rows(Path dataset) throws IOException {
        return read(dataset).values().stream().flatMap(records -> records.stream().skip(1)).map(CsvParts::toRow).toList();
    }

    /** A record back as a typed row: empty unquoted is null, everything else parses by its column type. */
    static Row toRow(List<String> record) {
        assertThat(record).hasSize(SCHEMA.size());
        Row row = new Row(SCHEMA.size());
        for (int i = 0; i < SCHEMA.size(); i++) {
            String text = record.get(i);
            Column c = SCHEMA.columns().get(i);
            row.setField(i, text == null ? null : switch (c.type()) {
                case STRING -> text;
                case INT -> Integer.parseInt(text);
                case LONG -> Long.parseLong(text);
                case DOUBLE -> Double.parseDouble(text);
            });
        }
        return row;
    }
}
