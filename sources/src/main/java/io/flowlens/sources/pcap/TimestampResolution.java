package io.flowlens.sources.pcap;

/**
 * A pcapng interface's timestamp unit (the if_tsresol option, RFC draft-ietf-opsawg-pcapng section 4.2) and its
 * if_tsoffset, converting the 64-bit tick counts of packet blocks to nanoseconds since the Unix epoch.
 *
 * @param exponent      the unit is 10^-exponent or 2^-exponent seconds
 * @param binary        whether the unit is a power of two
 * @param offsetSeconds if_tsoffset: seconds to add to every timestamp
 */
record TimestampResolution(int exponent, boolean binary, long offsetSeconds) {

    /** Microseconds: the unit of an interface without if_tsresol. */
    static final TimestampResolution DEFAULT = new TimestampResolution(6, false, 0);

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long[] POWERS_OF_TEN = new long[19];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    /**
     * The resolution an if_tsresol byte names, or null if 64-bit tick counts cannot use it: a unit finer than
     * 10^-19 or 2^-63 s would make even one second overflow the counter.
     */
    static TimestampResolution fromOption(int tsresol, long offsetSeconds) {
        boolean binary = (tsresol & 0x80) != 0;
        int exponent = tsresol & 0x7F;
        if (binary ? exponent > 63 : exponent > 19) {
            return null;
        }
        return new TimestampResolution(exponent, binary, offsetSeconds);
    }

    TimestampResolution withOffset(long seconds) {
        return new TimestampResolution(exponent, binary, seconds);
    }

    /**
     * Nanoseconds since the epoch for {@code ticks} (unsigned) units, rounded down.
     *
     * @throws ArithmeticException when the time does not fit in a signed 64-bit nanosecond count (after 2262)
     */
    long toNanos(long ticks) {
        long nanos;
        if (binary) {
            long seconds = exponent == 0 ? ticks : ticks >>> exponent;
            long fraction = exponent == 0 ? 0 : ticks & ((1L << exponent) - 1);
            // fraction * 10^9 / 2^exponent with a 128-bit product: the fraction may have up to 63 bits
            long high = Math.multiplyHigh(fraction, NANOS_PER_SECOND);
            long low = fraction * NANOS_PER_SECOND;
            long fractionNanos = exponent == 0 ? 0 : high << (64 - exponent) | low >>> exponent;
            nanos = Math.addExact(Math.multiplyExact(checkSigned(seconds), NANOS_PER_SECOND), fractionNanos);
        } else if (exponent <= 9) {
            nanos = Math.multiplyExact(checkSigned(ticks), POWERS_OF_TEN[9 - exponent]);
        } else {
            nanos = Long.divideUnsigned(ticks, POWERS_OF_TEN[exponent - 9]);
        }
        return Math.addExact(nanos, Math.multiplyExact(offsetSeconds, NANOS_PER_SECOND));
    }

    private static long checkSigned(long unsigned) {
        if (unsigned < 0) {
            throw new ArithmeticException("timestamp overflows 64-bit nanoseconds");
        }
        return unsigned;
    }

    @Override
    public String toString() {
        return (binary ? "2^-" : "10^-") + exponent + " s" + (offsetSeconds == 0 ? "" : " + " + offsetSeconds + " s");
    }
}
