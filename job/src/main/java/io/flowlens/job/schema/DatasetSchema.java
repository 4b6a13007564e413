package io.flowlens.job.schema;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ordered columns of one dataset (a folder under the output directory). This one definition drives the CSV
 * header, the Parquet schema and docs/features.md, so the three cannot drift apart.
 *
 * @param name the dataset's folder name ("flows", "transactions")
 * @param partitionTimeColumn a LONG column of epoch milliseconds that picks the row's dt=/hour= partition
 */
public record DatasetSchema(String name, List<Column> columns, String partitionTimeColumn) implements Serializable {
    public DatasetSchema {
        columns = List.copyOf(columns);
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            if (seen.put(columns.get(i).name(), i) != null) {
                throw new IllegalArgumentException("column " + columns.get(i).name() + " appears twice in " + name);
            }
        }
        Integer t = seen.get(partitionTimeColumn);
        if (t == null || columns.get(t).type() != ColumnType.LONG) {
            throw new IllegalArgumentException("partition column " + partitionTimeColumn + " must be a LONG column of " + name);
        }
    }

    /** Position of the named column; an error names the dataset when there is none. */
    public int index(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(column)) {
                return i;
            }
        }
        throw new IllegalArgumentException("dataset " + name + " has no column " + column);
    }

    public int size() {
        return columns.size();
    }

    public List<String> names() {
        return columns.stream().map(Column::name).toList();
    }
}
