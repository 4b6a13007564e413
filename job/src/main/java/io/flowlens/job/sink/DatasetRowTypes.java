package io.flowlens.job.sink;

import io.flowlens.job.schema.Column;
import io.flowlens.job.schema.DatasetSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.types.Row;

/** Flink type information of a dataset's rows, so Flink serializes them field by field instead of with Kryo. */
public final class DatasetRowTypes {
    private DatasetRowTypes() {}

    /** Named, positional row type: one field per schema column, of the column type's Java class. */
    public static TypeInformation<Row> of(DatasetSchema schema) {
        TypeInformation<?>[] types = new TypeInformation<?>[schema.size()];
        for (int i = 0; i < types.length; i++) {
            types[i] = type(schema.columns().get(i));
        }
        return new RowTypeInfo(types, schema.names().toArray(String[]::new));
    }

    private static TypeInformation<?> type(Column c) {
        return switch (c.type()) {
            case STRING -> Types.STRING;
            case INT -> Types.INT;
            case LONG -> Types.LONG;
            case DOUBLE -> Types.DOUBLE;
        };
    }
}
