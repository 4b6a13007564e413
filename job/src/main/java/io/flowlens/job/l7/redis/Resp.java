package io.flowlens.job.l7.redis;

import java.nio.charset.StandardCharsets;

/**
 * Walks RESP2/RESP3 values (redis.io/docs/latest/develop/reference/protocol-spec) in an exported prefix without
 * copying them: where a value ends, even when its bulk bytes lie beyond the prefix.
 *
 * <p>Hand-written because the Java Redis clients (Lettuce, Jedis) decode from a socket stream that blocks for more
 * bytes; a prefix cut at 128..256 bytes needs "end unknown" as an answer, not a wait or an exception.
 */
final class Resp {
    /** The value runs past the prefix and its end cannot be computed from what is visible. */
    static final long UNKNOWN = -1;
    /** Not RESP. */
    static final long MALFORMED = -2;

    private static final long MAX_COUNT = 1L << 32;

    private Resp() {}

    /** The offset just after the one value starting at {@code off} (RESP3 attributes count as part of it). */
    static long end(byte[] b, int off, int limit) {
        long pos = off;
        long values = 1;
        while (values > 0) {
            if (pos >= limit) {
                return UNKNOWN;
            }
            int p = (int) pos;
            int eol = lineEnd(b, p + 1, limit);
            if (eol < 0) {
                return eol == -1 ? UNKNOWN : MALFORMED;
            }
            byte type = b[p];
            switch (type) {
                case '+', '-', ':', '_', ',', '#', '(' -> {
                    boolean empty = eol == p + 1;
                    if (type == '_' ? !empty : empty && type != '+' && type != '-') {
                        return MALFORMED;
                    }
                    pos = eol + 2;
                    values--;
                }
                case '$', '!', '=' -> {
                    long n = number(b, p + 1, eol);
                    if (n < -1 || n == -1 && type != '$' || n == Long.MIN_VALUE) {
                        return MALFORMED;
                    }
                    pos = n < 0 ? eol + 2 : eol + 2 + n + 2;
                    values--;
                    if (pos > limit && values > 0) {
                        return UNKNOWN; // what follows the cut bulk bytes is not visible
                    }
                }
                case '*', '~', '>', '%', '|' -> {
                    long n = number(b, p + 1, eol);
                    if (n < -1 || n > MAX_COUNT || n == -1 && type != '*') {
                        return MALFORMED;
                    }
                    long elements = n < 0 ? 0 : (type == '%' || type == '|') ? 2 * n : n;
                    // an attribute map precedes the value it annotates, which is still to come
                    values += elements - (type == '|' ? 0 : 1);
                    pos = eol + 2;
                }
                default -> {
                    return MALFORMED;
                }
            }
        }
        return pos;
    }

    /** The offset of the CR of the first CRLF at or after p, -1 if the prefix ends first. */
    static int lineEnd(byte[] b, int p, int limit) {
        for (int i = p; i + 1 < limit; i++) {
            if (b[i] == '\r') {
                return b[i + 1] == '\n' ? i : -2;
            }
        }
        return -1;
    }

    /** A decimal in [from, to), Long.MIN_VALUE if it is not one. */
    static long number(byte[] b, int from, int to) {
        int i = from;
        boolean negative = i < to && b[i] == '-';
        if (negative) {
            i++;
        }
        if (i == to || to - i > 18) {
            return Long.MIN_VALUE;
        }
        long n = 0;
        for (; i < to; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return Long.MIN_VALUE;
            }
            n = n * 10 + (b[i] - '0');
        }
        return negative ? -n : n;
    }

    /**
     * The bulk or simple string at {@code off} ("$3\r\nGET\r\n" or "+OK\r\n"), or null if another type or cut; the
     * next offset goes to {@code next[0]}.
     */
    static String string(byte[] b, int off, int limit, int[] next) {
        if (off >= limit) {
            return null;
        }
        int eol = lineEnd(b, off + 1, limit);
        if (eol < 0) {
            return null;
        }
        if (b[off] == '+') {
            next[0] = eol + 2;
            return text(b, off + 1, eol);
        }
        if (b[off] != '$') {
            return null;
        }
        long n = number(b, off + 1, eol);
        if (n < 0 || eol + 2 + n + 2 > limit) {
            return null;
        }
        next[0] = (int) (eol + 2 + n + 2);
        return text(b, eol + 2, (int) (eol + 2 + n));
    }

    static String text(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }
}
