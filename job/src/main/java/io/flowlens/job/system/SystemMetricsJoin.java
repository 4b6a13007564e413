package io.flowlens.job.system;

import io.flowlens.job.schema.FlowSchema;
import io.flowlens.job.schema.RowBuilder;
import io.flowlens.sources.system.SystemMetrics;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/**
 * Joins each flow row to its node's system metrics of the same window (key: node and window start). Rows wait for
 * their window's metrics until the watermark passes the window's end plus a grace period; then they leave with the
 * system columns empty rather than never (a node whose sampler is late still gets its rows written).
 */
public final class SystemMetricsJoin extends KeyedCoProcessFunction<String, Row, SystemMetrics, Row> {
    private final long windowMs;
    private final long graceMs;
    private final TypeInformation<Row> rowType;
    private transient ValueState<SystemMetrics> metrics;
    private transient ListState<Row> waiting;
    private transient RowBuilder rows;

    public SystemMetricsJoin(long windowMs, long graceMs, TypeInformation<Row> rowType) {
        this.windowMs = windowMs;
        this.graceMs = graceMs;
        this.rowType = rowType;
    }

    /** The join key of a flow row. */
    public static String rowKey(Row r) {
        return r.getField(FlowSchema.FLOWS.index("node")) + "@" + r.getField(FlowSchema.FLOWS.index("window_start_ms"));
    }

    /** The join key of a metrics record. */
    public static String metricsKey(SystemMetrics m) {
        return m.host + "@" + m.windowStartMillis;
    }

    @Override
    public void open(OpenContext ctx) {
        metrics = getRuntimeContext().getState(new ValueStateDescriptor<>("metrics", SystemMetrics.class));
        waiting = getRuntimeContext().getListState(new ListStateDescriptor<>("waiting", rowType));
        rows = new RowBuilder(FlowSchema.FLOWS);
    }

    @Override
    public void processElement1(Row row, Context ctx, Collector<Row> out) throws Exception {
        SystemMetrics m = metrics.value();
        if (m != null) {
            out.collect(fill(row, m));
            return;
        }
        waiting.add(row);
        long windowEnd = (Long) row.getField(FlowSchema.FLOWS.index("window_end_ms"));
        ctx.timerService().registerEventTimeTimer(windowEnd + graceMs);
    }

    @Override
    public void processElement2(SystemMetrics m, Context ctx, Collector<Row> out) throws Exception {
        metrics.update(m);
        for (Row r : waiting.get()) {
            out.collect(fill(r, m));
        }
        waiting.clear();
        ctx.timerService().registerEventTimeTimer(forgetAt(m)); // once every row of the window has surely passed
    }

    private long forgetAt(SystemMetrics m) {
        return m.windowStartMillis + windowMs + 2 * graceMs;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Row> out) throws Exception {
        List<Row> left = new ArrayList<>();
        waiting.get().forEach(left::add);
        left.forEach(out::collect); // metrics never came: the rows go with the system columns empty
        waiting.clear();
        if (metrics.value() != null && timestamp >= forgetAt(metrics.value())) {
            metrics.clear();
        }
    }

    private Row fill(Row r, SystemMetrics m) {
        rows.set(r, "cpu_usage_percent", m.cpuUsagePercent);
        rows.set(r, "memory_usage_percent", m.memoryUsagePercent);
        rows.set(r, "memory_available_mb", m.memoryAvailableMb);
        rows.set(r, "disk_read_bytes", m.diskReadBytes);
        rows.set(r, "disk_write_bytes", m.diskWriteBytes);
        rows.set(r, "disk_read_count", m.diskReadCount);
        rows.set(r, "disk_write_count", m.diskWriteCount);
        rows.set(r, "disk_read_time_ms", m.diskReadTimeMs);
        rows.set(r, "disk_write_time_ms", m.diskWriteTimeMs);
        rows.set(r, "disk_avg_latency_us", m.diskAvgLatencyUs);
        rows.set(r, "oom_kills", m.oomKills);
        rows.set(r, "process_cpu_top3", m.processCpuTop3);
        return r;
    }
}
