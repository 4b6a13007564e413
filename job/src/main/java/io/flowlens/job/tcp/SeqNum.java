package io.flowlens.job.tcp;

/**
 * Sequence-number comparisons modulo 2^32 (RFC 9293 §3.4, and Wireshark's GT_SEQ/LT_SEQ): a is "after" b when the
 * signed 32-bit distance from b to a is positive, so comparisons stay right across wrap-around.
 */
final class SeqNum {
    private SeqNum() {}

    static boolean lt(int a, int b) {
        return a - b < 0;
    }

    static boolean le(int a, int b) {
        return a - b <= 0;
    }

    static boolean gt(int a, int b) {
        return a - b > 0;
    }

    static boolean ge(int a, int b) {
        return a - b >= 0;
    }
}
