package io.flowlens.job.sink;

import io.flowlens.job.schema.DatasetSchema;
import org.apache.flink.types.Row;

/**
 * RFC 4180 text of a dataset's header and rows: comma-separated, fields quoted only when they hold a comma, a quote,
 * CR or LF, quotes doubled. Lines end in "\n" rather than RFC 4180's CRLF, as pandas, DuckDB and Spark write them.
 * A null (unknown) field is empty; an empty string is written as {@code ""} so readers that keep quoted empties can
 * tell it apart (most readers, by default, treat both as unknown).
 */
final class CsvLines {
    private CsvLines() {}

    static String header(DatasetSchema schema) {
        StringBuilder line = new StringBuilder();
        for (String name : schema.names()) {
            if (!line.isEmpty()) {
                line.append(',');
            }
            appendText(line, name);
        }
        return line.append('\n').toString();
    }

    static void appendRow(StringBuilder line, DatasetSchema schema, Row row) {
        DatasetValues.checkArity(schema, row);
        for (int i = 0; i < schema.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            switch (DatasetValues.get(schema, row, i)) {
                case null -> {}
                case String s when s.isEmpty() -> line.append("\"\"");
                case String s -> appendText(line, s);
                // Double.toString is locale-independent and the shortest text that parses back to the same double
                case Object number -> line.append(number);
            }
        }
        line.append('\n');
    }

    private static void appendText(StringBuilder line, String s) {
        if (s.chars().noneMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n')) {
            line.append(s);
            return;
        }
        line.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                line.append('"');
            }
            line.append(c);
        }
        line.append('"');
    }
}
