package io.flowlens.job.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's peak resident set (VmHWM), resettable so each run reports its own peak. */
final class PeakRss {
    private PeakRss() {}

    /** Writing 5 to clear_refs resets VmHWM to the current RSS (Linux ≥ 4.0). */
    static void reset() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException e) {
            System.err.println("cannot reset the peak RSS (" + e.getMessage() + "): peaks are since process start");
        }
    }

    static long kib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmHWM in /proc/self/status");
    }
}
