package io.flowlens.sources.system;

import java.util.Objects;

/**
 * One node's system metrics over one window of the grid: counters are what happened in
 * [windowStartMillis, windowStartMillis + window), gauges are read at the window's end. A Flink
 * POJO (public no-arg constructor, public fields), so it is serialized without Kryo. Column names
 * and meanings follow the seed's "System Metrics" table.
 */
public class SystemMetrics {
    /** Node name: the Flink TaskManager's host name, which is what the enumerator assigned by. */
    public String host = "";
    /** Start of the window, ms since the Unix epoch, a multiple of the window size. Also the event time. */
    public long windowStartMillis;
    /** Busy share of all CPUs over the window, 0..100 (everything but idle and iowait, from /proc/stat). */
    public double cpuUsagePercent;
    /** (MemTotal - MemAvailable) / MemTotal at the window's end, 0..100. */
    public double memoryUsagePercent;
    /** MemAvailable at the window's end, MiB (2^20 bytes). */
    public double memoryAvailableMb;
    /** Bytes read from whole disks during the window. */
    public long diskReadBytes;
    /** Bytes written to whole disks during the window. */
    public long diskWriteBytes;
    /** Read requests completed during the window (after the block layer merged adjacent ones). */
    public long diskReadCount;
    /** Write requests completed during the window. */
    public long diskWriteCount;
    /** Time spent on reads completed during the window, ms summed over requests (overlapping requests add up). */
    public long diskReadTimeMs;
    /** Time spent on writes completed during the window, ms summed over requests. */
    public long diskWriteTimeMs;
    /** (diskReadTimeMs + diskWriteTimeMs) * 1000 / (reads + writes), µs; 0 when the window had no requests. */
    public double diskAvgLatencyUs;
    /** OOM kills on the node during the window; the sampler leaves 0, the job fills it from the kernel's OOM records. */
    public long oomKills;
    /** The window's three busiest processes as "comm:percent;…", percent of all CPUs (like cpuUsagePercent); may hold fewer. */
    public String processCpuTop3 = "";

    public SystemMetrics() {}

    @Override
    public boolean equals(Object o) {
        return o instanceof SystemMetrics m && host.equals(m.host) && windowStartMillis == m.windowStartMillis
                && cpuUsagePercent == m.cpuUsagePercent && memoryUsagePercent == m.memoryUsagePercent
                && memoryAvailableMb == m.memoryAvailableMb && diskReadBytes == m.diskReadBytes
                && diskWriteBytes == m.diskWriteBytes && diskReadCount == m.diskReadCount
                && diskWriteCount == m.diskWriteCount && diskReadTimeMs == m.diskReadTimeMs
                && diskWriteTimeMs == m.diskWriteTimeMs && diskAvgLatencyUs == m.diskAvgLatencyUs
                && oomKills == m.oomKills && processCpuTop3.equals(m.processCpuTop3);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, windowStartMillis);
    }

    @Override
    public String toString() {
        return host + "@" + windowStartMillis + " cpu=" + cpuUsagePercent + "% mem=" + memoryUsagePercent + "% avail="
                + memoryAvailableMb + "MiB disk r=" + diskReadBytes + "B/" + diskReadCount + "ops/" + diskReadTimeMs
                + "ms w=" + diskWriteBytes + "B/" + diskWriteCount + "ops/" + diskWriteTimeMs + "ms lat="
                + diskAvgLatencyUs + "us oom=" + oomKills + " top3=" + processCpuTop3;
    }
}
