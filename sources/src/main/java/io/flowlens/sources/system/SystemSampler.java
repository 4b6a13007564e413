package io.flowlens.sources.system;

import java.nio.file.Path;

/**
 * Samples the node's CPU, memory, disk and process metrics from /proc. Each {@link #sample} gives
 * what happened since the previous one (the first is taken by the constructor), so a caller that
 * samples on the window grid gets per-window counters. Not thread-safe: one thread samples.
 *
 * <p>Why /proc and not OSHI (oshi-core 6.9.1 was tried): this source runs only on Linux nodes, and
 * on this 2-core VM one OSHI refresh of the disk stores cost 3.9 ms CPU and 106 KB, and of the
 * process list 17.6 ms and 8.7 MB for 90 processes (a full OSProcess each), and its disk list keeps
 * zram. Its CPU ticks and memory are cheap but are one /proc line each: not worth 4.4 MB of OSHI,
 * JNA and jna-platform in the job jar. Reading /proc directly costs a fraction
 * of that: 1.4 ms CPU and 29 KB per sample with 74 processes, mostly the kernel formatting
 * ~80 small files (SystemSamplerCostBench).
 */
public final class SystemSampler {
    private static final double MIB = 1024.0 * 1024.0;

    private final ProcFile file = new ProcFile();
    private final CpuTimes cpu = new CpuTimes();
    private final MemInfo mem = new MemInfo();
    private final DiskStats disks;
    private final ProcessCpuTop processes = new ProcessCpuTop();
    private long lastCpuTotal;
    private long lastCpuIdle;

    /** Samples this node; the first reading is taken here, so the first {@link #sample} has a baseline. */
    public SystemSampler() {
        this(Path.of("/sys/block"));
    }

    SystemSampler(Path sysBlock) {
        disks = new DiskStats(sysBlock);
        sample();
    }

    /**
     * Reads everything again and returns the metrics since the previous reading; host and
     * windowStartMillis are left for the caller, oomKills stays 0.
     */
    public SystemMetrics sample() {
        SystemMetrics m = new SystemMetrics();
        cpu.read(file);
        long total = cpu.total - lastCpuTotal;
        long busy = total - (cpu.idle - lastCpuIdle);
        lastCpuTotal = cpu.total;
        lastCpuIdle = cpu.idle;
        m.cpuUsagePercent = total > 0 ? clampPercent(100.0 * busy / total) : 0;

        mem.read(file);
        m.memoryUsagePercent = clampPercent(100.0 * (mem.totalBytes - mem.availableBytes) / mem.totalBytes);
        m.memoryAvailableMb = mem.availableBytes / MIB;

        disks.read(file);
        m.diskReadBytes = disks.readBytes;
        m.diskWriteBytes = disks.writeBytes;
        m.diskReadCount = disks.readOps;
        m.diskWriteCount = disks.writeOps;
        m.diskReadTimeMs = disks.readMs;
        m.diskWriteTimeMs = disks.writeMs;
        long ops = disks.readOps + disks.writeOps;
        m.diskAvgLatencyUs = ops > 0 ? (disks.readMs + disks.writeMs) * 1000.0 / ops : 0;

        m.processCpuTop3 = processes.read(file, total);
        return m;
    }

    private static double clampPercent(double p) {
        return Math.max(0, Math.min(100, p));
    }
}
