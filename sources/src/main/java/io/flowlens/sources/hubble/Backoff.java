package io.flowlens.sources.hubble;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter between reconnect attempts: each wait doubles up to a cap and is drawn uniformly
 * from its upper half, so many readers that lost the same relay do not come back in lock step.
 */
final class Backoff {
    private final long initialMillis;
    private final long maxMillis;
    private long next;

    Backoff(long initialMillis, long maxMillis) {
        if (initialMillis <= 0 || maxMillis < initialMillis) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initialMillis + ", " + maxMillis);
        }
        this.initialMillis = initialMillis;
        this.maxMillis = maxMillis;
        this.next = initialMillis;
    }

    /** The next wait, ms: in [d/2, d] for the current step d, which then doubles (up to the cap). */
    long nextMillis() {
        long d = next;
        next = Math.min(maxMillis, next * 2);
        return d / 2 + ThreadLocalRandom.current().nextLong(d - d / 2 + 1);
    }

    /** After a good connection: start from the initial wait again. */
    void reset() {
        next = initialMillis;
    }
}
