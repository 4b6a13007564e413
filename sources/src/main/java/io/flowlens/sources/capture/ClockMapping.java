package io.flowlens.sources.capture;

import java.time.Instant;

/**
 * Maps the kernel's monotonic clock (bpf_ktime_get_ns, CLOCK_MONOTONIC) to wall-clock time, once
 * at start: so event time is monotonic within a run even if NTP steps the wall clock. On Linux,
 * HotSpot's System.nanoTime() reads the same CLOCK_MONOTONIC.
 */
public final class ClockMapping {
    private final long offsetNanos;

    private ClockMapping(long offsetNanos) {
        this.offsetNanos = offsetNanos;
    }

    /** Measures the offset, taking the best of a few samples bracketed by monotonic reads. */
    public static ClockMapping measure() {
        long best = Long.MAX_VALUE;
        long offset = 0;
        for (int i = 0; i < 5; i++) {
            long m0 = System.nanoTime();
            Instant now = Instant.now();
            long m1 = System.nanoTime();
            if (m1 - m0 < best) {
                best = m1 - m0;
                long wall = now.getEpochSecond() * 1_000_000_000L + now.getNano();
                offset = wall - (m0 + (m1 - m0) / 2);
            }
        }
        return new ClockMapping(offset);
    }

    public long toEpochNanos(long monotonicNanos) {
        return monotonicNanos + offsetNanos;
    }
}
