package io.flowlens.sources.system;

/**
 * The aggregate "cpu" line of /proc/stat: jiffies (USER_HZ) summed over all CPUs since boot. Guest
 * time is already inside user and nice, so it is not added again.
 */
final class CpuTimes {
    long total;
    long idle;

    void read(ProcFile f) {
        f.readRequired("/proc/stat", "cpu_usage_percent");
        if (!f.skipPrefix("cpu ")) {
            throw new IllegalStateException("/proc/stat does not start with the aggregate \"cpu\" line");
        }
        long user = f.nextLong(), nice = f.nextLong(), system = f.nextLong(), idleTicks = f.nextLong();
        long iowait = Math.max(0, f.nextLong()), irq = Math.max(0, f.nextLong());
        long softirq = Math.max(0, f.nextLong()), steal = Math.max(0, f.nextLong());
        // iowait counts as idle: the CPU was free to run something else (psutil and top agree)
        idle = idleTicks + iowait;
        total = user + nice + system + idleTicks + iowait + irq + softirq + steal;
    }
}
