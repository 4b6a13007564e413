package io.flowlens.job.sink;

import io.flowlens.job.schema.DatasetSchema;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.flink.types.Row;

/**
 * Hands a dataset's positional Rows to Parquet field by field. Written directly over Row (rather than converting
 * to Avro records) so the only schema is the DatasetSchema and no record is copied per row.
 */
final class RowWriteSupport extends WriteSupport<Row> {
    private final DatasetSchema schema;
    private final MessageType parquetSchema;
    private RecordConsumer consumer;

    RowWriteSupport(DatasetSchema schema) {
        this.schema = schema;
        this.parquetSchema = ParquetSchemas.of(schema);
    }

    @Override
    public WriteContext init(Configuration configuration) {
        return new WriteContext(parquetSchema, Map.of("flowlens.dataset", schema.name()));
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
        return new WriteContext(parquetSchema, Map.of("flowlens.dataset", schema.name()));
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.consumer = recordConsumer;
    }

    @Override
    public void write(Row row) {
        DatasetValues.checkArity(schema, row);
        // check the whole row before starting the record: a half-written record would corrupt the row group
        Object[] values = new Object[schema.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = DatasetValues.get(schema, row, i);
        }
        consumer.startMessage();
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                continue; // an optional field left out is null
            }
            String name = schema.columns().get(i).name();
            consumer.startField(name, i);
            switch (values[i]) {
                case String s -> consumer.addBinary(Binary.fromString(s));
                case Integer v -> consumer.addInteger(v);
                case Long v -> consumer.addLong(v);
                case Double v -> consumer.addDouble(v);
                default -> throw new IllegalStateException("DatasetValues let through a " + values[i].getClass());
            }
            consumer.endField(name, i);
        }
        consumer.endMessage();
    }
}
