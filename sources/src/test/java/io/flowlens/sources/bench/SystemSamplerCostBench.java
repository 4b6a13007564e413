package io.flowlens.sources.bench;

import io.flowlens.sources.system.SystemSampler;
import java.lang.management.ManagementFactory;

/**
 * CPU time and heap allocation of one SystemSampler.sample() on this node, the thread's own
 * counters over many samples after a warm-up. Run: bin/flowlens bench
 */
public final class SystemSamplerCostBench {
    public static void main(String[] args) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().threadId();
        SystemSampler sampler = new SystemSampler();
        long sink = 0;
        for (int i = 0; i < 200; i++) {
            sink += sampler.sample().diskReadCount;
        }
        int n = 500;
        long cpu0 = threads.getCurrentThreadCpuTime();
        long alloc0 = threads.getThreadAllocatedBytes(self);
        for (int i = 0; i < n; i++) {
            sink += sampler.sample().diskReadCount;
        }
        long cpu = threads.getCurrentThreadCpuTime() - cpu0;
        long alloc = threads.getThreadAllocatedBytes(self) - alloc0;
        int procs = new java.io.File("/proc").list((d, name) -> Character.isDigit(name.charAt(0))).length;
        System.out.printf("system-sample\t%.1f us CPU\t%d bytes allocated\t(%d processes, %d cores)%s%n", cpu / 1e3 / n,
                alloc / n, procs, Runtime.getRuntime().availableProcessors(), sink < 0 ? "!" : "");
    }
}
