package io.flowlens.job.schema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The column tables of docs/features.md, generated from the schema. The document's prose is written by hand; the
 * tables live between {@code <!-- columns:NAME:begin -->} and {@code <!-- columns:NAME:end -->} markers and are
 * rewritten by {@link #main} (a test fails when they are stale).
 */
public final class ColumnDocs {
    private ColumnDocs() {}

    /** The markdown tables of a dataset, one per column group, in schema order. */
    public static String tables(DatasetSchema schema) {
        StringBuilder b = new StringBuilder();
        Column.Group group = null;
        int position = 0;
        for (Column c : schema.columns()) {
            position++;
            if (c.group() != group) {
                group = c.group();
                b.append("\n#### ").append(group.title()).append("\n\n");
                b.append("| # | column | type | unit | meaning |\n|---|---|---|---|---|\n");
            }
            b.append("| ").append(position).append(" | `").append(c.name()).append("` | ").append(c.type().name().toLowerCase())
                    .append(" | ").append(c.unit().isEmpty() ? "" : c.unit()).append(" | ")
                    .append(c.description().replace("|", "\\|")).append(" |\n");
        }
        return b.append('\n').toString();
    }

    /** The document with the dataset's tables replaced by freshly generated ones. */
    public static String withTables(String document, DatasetSchema schema) {
        String begin = "<!-- columns:" + schema.name() + ":begin -->", end = "<!-- columns:" + schema.name() + ":end -->";
        int i = document.indexOf(begin), j = document.indexOf(end);
        if (i < 0 || j < i) {
            throw new IllegalArgumentException("no " + begin + " ... " + end + " block in the document");
        }
        return document.substring(0, i + begin.length()) + "\n" + tables(schema) + document.substring(j);
    }

    /** Rewrites the tables of docs/features.md: {@code ColumnDocs docs/features.md}. */
    public static void main(String[] args) throws IOException {
        Path doc = Path.of(args.length > 0 ? args[0] : "docs/features.md");
        Files.writeString(doc, withTables(withTables(Files.readString(doc), FlowSchema.FLOWS), TransactionSchema.TRANSACTIONS));
    }
}
