package io.flowlens.job.sink;

import io.flowlens.job.schema.Column;
import io.flowlens.job.schema.DatasetSchema;
import org.apache.flink.types.Row;

/**
 * The checks every dataset writer applies to a row's fields, so CSV and Parquet accept and reject the same rows.
 * A row that breaks the schema is a bug upstream; failing loudly here beats writing a file readers misparse.
 */
final class DatasetValues {
    private DatasetValues() {}

    /** The row's arity must be the schema's: a positional row that is one column short shifts every later column. */
    static void checkArity(DatasetSchema schema, Row row) {
        if (row.getArity() != schema.size()) {
            throw new IllegalArgumentException("a " + schema.name() + " row has " + row.getArity() + " fields, the schema has "
                    + schema.size() + " columns");
        }
    }

    /**
     * The field at {@code pos}, checked against its column: null (unknown) or an instance of the column type's Java
     * class, and never NaN or infinite, because the schema reserves null for "unknown" and CSV readers disagree on
     * how to spell the IEEE specials.
     */
    static Object get(DatasetSchema schema, Row row, int pos) {
        Object value = row.getField(pos);
        if (value == null) {
            return null;
        }
        Column column = schema.columns().get(pos);
        if (!column.type().javaClass().isInstance(value)) {
            throw new IllegalArgumentException("column " + column.name() + " of " + schema.name() + " is " + column.type()
                    + " (" + column.type().javaClass().getSimpleName() + "), but the row holds a "
                    + value.getClass().getSimpleName() + ": " + value);
        }
        if (value instanceof Double d && !Double.isFinite(d)) {
            throw new IllegalArgumentException("column " + column.name() + " of " + schema.name() + " is " + d
                    + "; datasets hold finite doubles only, unknown values must be null");
        }
        return value;
    }
}
