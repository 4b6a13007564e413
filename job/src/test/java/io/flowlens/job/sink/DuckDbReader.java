package io.flowlens.job.sink;

import io.flowlens.job.schema.Column;
import io.flowlens.job.schema.DatasetSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.types.Row;

/**
 * Runs src/test/node/read-dataset.mjs: DuckDB (the npm package @duckdb/node-api, pinned in package-lock.json) reads
 * a written dataset's Parquet and CSV files, an independent reader of both. Installs the package with {@code npm ci}
 * the first time, as bin/flowlens setup does.
 */
public final class DuckDbReader {
    private static final Path NODE_DIR = Path.of("src/test/node").toAbsolutePath();
    // bounds on the child processes, so a hung npm or node fails the test instead of hanging the build
    private static final long NPM_CI_MINUTES = 10;
    private static final long READ_MINUTES = 3;

    /** What DuckDB saw: the Parquet files' column types, and both formats' rows ordered by the key column. */
    public record Result(Map<String, String> parquetTypes, List<JsonNode> parquetRows, List<JsonNode> csvRows) {
        /** The Parquet rows as typed rows of {@code schema}, partition columns left out. */
        public List<Row> parquetRows(DatasetSchema schema) {
            return parquetRows.stream().map(json -> toRow(schema, json)).toList();
        }
    }

    private DuckDbReader() {}

    /** Reads dataset {@code schema} under {@code out}, rows ordered by {@code keyColumn} (comma-separated names). */
    public static Result read(Path out, DatasetSchema schema, String keyColumn) throws IOException, InterruptedException {
        installIfMissing();
        Map<String, String> csvColumns = new LinkedHashMap<>();
        schema.columns().forEach(c -> csvColumns.put(c.name(), duckDbType(c.type())));
        ObjectMapper json = new ObjectMapper();
        String stdout = run(READ_MINUTES, "node", NODE_DIR.resolve("read-dataset.mjs").toString(), out.toString(),
                schema.name(), keyColumn, json.writeValueAsString(csvColumns));
        JsonNode result = json.readTree(stdout);
        Map<String, String> types = new LinkedHashMap<>();
        result.get("parquetColumns").forEach(c -> types.put(c.get("name").asText(), c.get("type").asText()));
        return new Result(types, list(result.get("parquetRows")), list(result.get("csvRows")));
    }

    /** The DuckDB type a schema column type should read as. */
    static String duckDbType(io.flowlens.job.schema.ColumnType type) {
        return switch (type) {
            case STRING -> "VARCHAR";
            case INT -> "INTEGER";
            case LONG -> "BIGINT";
            case DOUBLE -> "DOUBLE";
        };
    }

    private static void installIfMissing() throws IOException, InterruptedException {
        if (!Files.isDirectory(NODE_DIR.resolve("node_modules/@duckdb/node-api"))) {
            run(NPM_CI_MINUTES, "npm", "ci", "--no-audit", "--no-fund");
        }
    }

    private static String run(long minutes, String... command) throws IOException, InterruptedException {
        // output goes to files, so the timeout below holds even when a child hangs with its pipes open
        Path stdout = Files.createTempFile("duckdb-reader", ".stdout");
        Path stderr = Files.createTempFile("duckdb-reader", ".stderr");
        try {
            Process p;
            try {
                p = new ProcessBuilder(command).directory(NODE_DIR.toFile())
                        .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            } catch (IOException e) {
                throw new IOException(command[0] + " is not installed; bin/flowlens setup installs nodejs and npm", e);
            }
            if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within " + minutes + " minutes");
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " in " + NODE_DIR + " failed with exit code " + p.exitValue()
                        + ":\n" + Files.readString(stderr));
            }
            return Files.readString(stdout);
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    /** BIGINT may come as text (JSON numbers lose precision past 2^53), so each type parses either form. */
    private static Row toRow(DatasetSchema schema, JsonNode json) {
        Row row = new Row(schema.size());
        for (int i = 0; i < schema.size(); i++) {
            Column c = schema.columns().get(i);
            JsonNode v = json.get(c.name());
            if (v == null) {
                throw new IllegalStateException("DuckDB's row has no column " + c.name() + ": " + json);
            }
            row.setField(i, v.isNull() ? null : switch (c.type()) {
                case STRING -> v.asText();
                case INT -> v.isTextual() ? Integer.parseInt(v.asText()) : v.intValue();
                case LONG -> v.isTextual() ? Long.parseLong(v.asText()) : v.longValue();
                case DOUBLE -> v.isTextual() ? Double.parseDouble(v.asText()) : v.doubleValue();
            });
        }
        return row;
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> rows = new ArrayList<>();
        array.forEach(rows::add);
        return rows;
    }
}
