package io.flowlens.sources.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-window I/O of the node's whole disks from /proc/diskstats, as deltas per device summed over
 * devices (a disk that appears starts from its first reading; one that vanishes just stops
 * counting, so neither makes the sum jump).
 *
 * <p>Which devices count: only whole disks, or every byte would count several times. A device is a
 * whole disk if /sys/block has it (partitions live only under their disk there); of those, loop,
 * ram and zram are left out because their I/O is memory or a file on another disk, and dm-* and
 * md* because they are stacked on disks whose own lines already count the same I/O.
 */
final class DiskStats {
    private static final String[] NOT_DISKS = {"loop", "ram", "zram", "dm-", "md"};
    /** /proc/diskstats counts sectors of 512 bytes whatever the device's real sector size. */
    private static final long SECTOR_BYTES = 512;

    private final Path sysBlock;
    private final List<Device> devices = new ArrayList<>();
    private long generation;

    long readBytes, writeBytes, readOps, writeOps, readMs, writeMs;

    DiskStats(Path sysBlock) {
        if (!Files.isDirectory(sysBlock)) {
            throw new IllegalStateException(sysBlock + " not found: it is needed to tell whole disks from partitions (is /sys mounted?)");
        }
        this.sysBlock = sysBlock;
    }

    /** Reads the counters and sets the fields to what changed since the previous call. */
    void read(ProcFile f) {
        f.readRequired("/proc/diskstats", "the disk_* metrics");
        generation++;
        readBytes = writeBytes = readOps = writeOps = readMs = writeMs = 0;
        while (!f.atEnd()) {
            f.nextLong(); // major
            f.nextLong(); // minor
            int start = f.nextField();
            int end = f.fieldEnd();
            if (end > start) {
                Device d = find(f, start, end);
                if (d.wholeDisk) {
                    // fields 1-8: reads, reads merged, sectors read, ms reading, then the same for writes
                    long reads = f.nextLong();
                    f.nextLong();
                    long sectorsRead = f.nextLong(), msRead = f.nextLong(), writes = f.nextLong();
                    f.nextLong();
                    long sectorsWritten = f.nextLong(), msWritten = f.nextLong();
                    add(d, reads, sectorsRead, msRead, writes, sectorsWritten, msWritten);
                }
                d.generation = generation;
            }
            f.nextLine();
        }
        devices.removeIf(d -> d.generation != generation);
    }

    private void add(Device d, long... now) {
        if (d.last != null) {
            long[] delta = new long[6];
            for (int i = 0; i < 6; i++) {
                // counters are unsigned long in the kernel (32-bit on 32-bit kernels): a smaller value means a
                // wrap or a re-created device, and the window's delta is unknown, so it adds nothing
                delta[i] = now[i] >= d.last[i] ? now[i] - d.last[i] : 0;
            }
            readOps += delta[0];
            readBytes += delta[1] * SECTOR_BYTES;
            readMs += delta[2];
            writeOps += delta[3];
            writeBytes += delta[4] * SECTOR_BYTES;
            writeMs += delta[5];
        }
        d.last = now;
    }

    private Device find(ProcFile f, int start, int end) {
        for (Device d : devices) {
            if (f.regionEquals(start, end, d.name)) {
                return d;
            }
        }
        String name = f.string(start, end);
        Device d = new Device(f.copy(start, end), isWholeDisk(name));
        devices.add(d);
        return d;
    }

    private boolean isWholeDisk(String name) {
        for (String prefix : NOT_DISKS) {
            if (name.startsWith(prefix)) {
                return false;
            }
        }
        // device names in /sys/block use '!' where the /dev name has '/' (cciss!c0d0)
        return Files.isDirectory(sysBlock.resolve(name.replace('/', '!')));
    }

    private static final class Device {
        final byte[] name;
        final boolean wholeDisk;
        long[] last;
        long generation;

        Device(byte[] name, boolean wholeDisk) {
            this.name = name;
            this.wholeDisk = wholeDisk;
        }
    }
}
