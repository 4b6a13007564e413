package io.flowlens.job.schema;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.types.Row;

/** Fills a Row of a dataset by column name, checking each value's type against the schema. */
public final class RowBuilder {
    private final DatasetSchema schema;
    private final Map<String, Integer> index = new HashMap<>();

    public RowBuilder(DatasetSchema schema) {
        this.schema = schema;
        for (int i = 0; i < schema.size(); i++) {
            index.put(schema.columns().get(i).name(), i);
        }
    }

    public Row newRow() {
        return new Row(schema.size());
    }

    /** Sets a column; null means unknown. A NaN or infinite double is a bug upstream and becomes unknown. */
    public RowBuilder set(Row row, String column, Object value) {
        Integer i = index.get(column);
        if (i == null) {
            throw new IllegalArgumentException("dataset " + schema.name() + " has no column " + column);
        }
        if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
            value = null;
        }
        Class<?> expected = schema.columns().get(i).type().javaClass();
        if (value != null && !expected.isInstance(value)) {
            throw new IllegalArgumentException("column " + column + " holds " + expected.getSimpleName() + ", not "
                    + value.getClass().getSimpleName());
        }
        row.setField(i, value);
        return this;
    }

    public DatasetSchema schema() {
        return schema;
    }
}
