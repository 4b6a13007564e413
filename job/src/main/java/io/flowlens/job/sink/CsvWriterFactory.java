package io.flowlens.job.sink;

import io.flowlens.job.schema.DatasetSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.types.Row;

/**
 * Writes a dataset's rows as CSV, one header line at the start of every part file. A bulk writer (rather than a row
 * Encoder) because only a bulk writer learns when a part file begins, and because bulk part files roll on every
 * checkpoint, which is what makes the committed rows exactly-once. Written here instead of using flink-csv: that
 * goes through Jackson's CSV mapper and a Row-to-JsonNode converter, and would still need this class's checks
 * (NaN, types, empty versus unknown) on top.
 */
final class CsvWriterFactory implements BulkWriter.Factory<Row> {
    private final DatasetSchema schema;

    CsvWriterFactory(DatasetSchema schema) {
        this.schema = schema;
    }

    @Override
    public BulkWriter<Row> create(FSDataOutputStream out) throws IOException {
        out.write(CsvLines.header(schema).getBytes(StandardCharsets.UTF_8));
        return new Writer(schema, out);
    }

    private static final class Writer implements BulkWriter<Row> {
        // the sink's streams are unbuffered on the local file system: collect rows and write in blocks
        private static final int BLOCK_CHARS = 64 * 1024;

        private final DatasetSchema schema;
        private final FSDataOutputStream out;
        private final StringBuilder pending = new StringBuilder(BLOCK_CHARS + 4096);

        Writer(DatasetSchema schema, FSDataOutputStream out) {
            this.schema = schema;
            this.out = out;
        }

        @Override
        public void addElement(Row row) throws IOException {
            int before = pending.length();
            try {
                CsvLines.appendRow(pending, schema, row);
            } catch (RuntimeException e) {
                pending.setLength(before); // never leave half a row behind
                throw e;
            }
            if (pending.length() >= BLOCK_CHARS) {
                drain();
            }
        }

        @Override
        public void flush() throws IOException {
            drain();
            out.flush();
        }

        @Override
        public void finish() throws IOException {
            // the sink closes the stream itself; finish only makes sure every row reached it
            flush();
        }

        private void drain() throws IOException {
            out.write(pending.toString().getBytes(StandardCharsets.UTF_8));
            pending.setLength(0);
        }
    }
}
