package io.flowlens.sources.system;

/** MemTotal and MemAvailable from /proc/meminfo, in bytes. */
final class MemInfo {
    long totalBytes;
    long availableBytes;

    void read(ProcFile f) {
        f.readRequired("/proc/meminfo", "memory_usage_percent and memory_available_mb");
        totalBytes = -1;
        availableBytes = -1;
        do {
            if (f.skipPrefix("MemTotal:")) {
                totalBytes = f.nextLong() * 1024;
            } else if (f.skipPrefix("MemAvailable:")) {
                availableBytes = f.nextLong() * 1024;
            }
        } while ((totalBytes < 0 || availableBytes < 0) && f.nextLine());
        if (totalBytes <= 0 || availableBytes < 0) {
            throw new IllegalStateException("/proc/meminfo lacks MemTotal or MemAvailable (MemAvailable needs Linux 3.14 or newer)");
        }
    }
}
