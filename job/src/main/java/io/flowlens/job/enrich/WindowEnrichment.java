package io.flowlens.job.enrich;

import io.flowlens.job.schema.FlowSchema;
import io.flowlens.job.schema.RowBuilder;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/**
 * Adds to each flow row the one value of its key and window from a second stream (a node's system metrics, a flow's
 * L7 summary). Rows wait for their value until the watermark passes the window's end plus a grace period; then they
 * leave with those columns empty rather than never. The value is forgotten once its window's rows have surely
 * passed.
 *
 * @param <T> the joined value
 */
public abstract class WindowEnrichment<T> extends KeyedCoProcessFunction<String, Row, T, Row> {
    private final long windowMs;
    private final long graceMs;
    private final TypeInformation<Row> rowType;
    private final TypeInformation<T> valueType;
    private transient ValueState<T> value;
    private transient ListState<Row> waiting;
    private transient RowBuilder rows;

    protected WindowEnrichment(long windowMs, long graceMs, TypeInformation<Row> rowType, TypeInformation<T> valueType) {
        this.windowMs = windowMs;
        this.graceMs = graceMs;
        this.rowType = rowType;
        this.valueType = valueType;
    }

    /** The window start (epoch ms) a value belongs to. */
    protected abstract long windowStartOf(T value);

    /** Writes the value's columns into the row. */
    protected abstract void fill(Row row, T value);

    @Override
    public void open(OpenContext ctx) {
        value = getRuntimeContext().getState(new ValueStateDescriptor<>("value", valueType));
        waiting = getRuntimeContext().getListState(new ListStateDescriptor<>("waiting", rowType));
    }

    @Override
    public void processElement1(Row row, Context ctx, Collector<Row> out) throws Exception {
        T v = value.value();
        if (v != null) {
            fill(row, v);
            out.collect(row);
            return;
        }
        waiting.add(row);
        long windowEnd = (Long) row.getField(FlowSchema.FLOWS.index("window_end_ms"));
        ctx.timerService().registerEventTimeTimer(windowEnd + graceMs);
    }

    @Override
    public void processElement2(T v, Context ctx, Collector<Row> out) throws Exception {
        value.update(v);
        for (Row r : waiting.get()) {
            fill(r, v);
            out.collect(r);
        }
        waiting.clear();
        ctx.timerService().registerEventTimeTimer(forgetAt(v));
    }

    private long forgetAt(T v) {
        return windowStartOf(v) + windowMs + 2 * graceMs;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Row> out) throws Exception {
        for (Row r : waiting.get()) {
            out.collect(r); // the value never came: the row goes with those columns empty
        }
        waiting.clear();
        T v = value.value();
        if (v != null && timestamp >= forgetAt(v)) {
            value.clear();
        }
    }

    /** Writes flow-row columns by name, for {@link #fill}. */
    protected final RowBuilder rows() {
        if (rows == null) {
            rows = new RowBuilder(FlowSchema.FLOWS);
        }
        return rows;
    }

    /** The join key of a flow row: {@code column@window_start_ms}. */
    public static String rowKey(Row r, String column) {
        return key(r.getField(FlowSchema.FLOWS.index(column)), (Long) r.getField(FlowSchema.FLOWS.index("window_start_ms")));
    }

    /** The join key of a value for the rows of {@code id} in the window starting at {@code windowStartMs}. */
    protected static String key(Object id, long windowStartMs) {
        return id + "@" + windowStartMs;
    }
}
