package io.flowlens.job.sink;

import io.flowlens.job.schema.Column;
import io.flowlens.job.schema.DatasetSchema;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/** The Parquet schema of a dataset: one optional (nullable = unknown) primitive column per schema column, in order. */
final class ParquetSchemas {
    private ParquetSchemas() {}

    static MessageType of(DatasetSchema schema) {
        Types.MessageTypeBuilder message = Types.buildMessage();
        for (Column c : schema.columns()) {
            message.addField(field(c));
        }
        return message.named(schema.name());
    }

    private static Type field(Column c) {
        return switch (c.type()) {
            case STRING -> Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(c.name());
            case INT -> Types.optional(PrimitiveTypeName.INT32).named(c.name());
            case LONG -> Types.optional(PrimitiveTypeName.INT64).named(c.name());
            case DOUBLE -> Types.optional(PrimitiveTypeName.DOUBLE).named(c.name());
        };
    }
}
