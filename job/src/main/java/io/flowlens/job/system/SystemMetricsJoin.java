package io.flowlens.job.system;

import io.flowlens.job.enrich.WindowEnrichment;
import io.flowlens.job.schema.RowBuilder;
import io.flowlens.sources.system.SystemMetrics;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.types.Row;

/** Joins each flow row to its node's system metrics of the same window (key: node and window start). */
public final class SystemMetricsJoin extends WindowEnrichment<SystemMetrics> {

    public SystemMetricsJoin(long windowMs, long graceMs, TypeInformation<Row> rowType) {
        super(windowMs, graceMs, rowType, TypeInformation.of(SystemMetrics.class));
    }

    /** The join key of a flow row. */
    public static String rowKey(Row r) {
        return rowKey(r, "node");
    }

    /** The join key of a metrics record. */
    public static String metricsKey(SystemMetrics m) {
        return key(m.host, m.windowStartMillis);
    }

    @Override
    protected long windowStartOf(SystemMetrics m) {
        return m.windowStartMillis;
    }

    @Override
    protected void fill(Row r, SystemMetrics m) {
        RowBuilder rows = rows();
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
    }
}
