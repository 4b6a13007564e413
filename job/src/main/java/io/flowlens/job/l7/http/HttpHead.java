package io.flowlens.job.l7.http;

import java.nio.charset.StandardCharsets;

/**
 * The start of one HTTP/1 message (RFC 9112 §2–§6) as far as an exported prefix shows it: the start line, the few
 * headers flowlens keeps, and the header section's length if its end is visible.
 *
 * <p>Hand-written because no well-kept Java HTTP/1 parser works on a bare prefix: they read from a socket or a
 * complete buffer and treat a cut line as an error, while here a cut line is normal (the kernel exports at most
 * 256 bytes of a segment) and must come out marked as cut, not rejected or guessed.
 */
final class HttpHead {
    /** Marks a value the prefix cut short. */
    static final String CUT = "…";

    boolean request;
    String method;
    String target;
    boolean targetCut;
    int status = -1;
    String reason;
    /** 0 or 1 (HTTP/1.x), -1 when the version was cut off. */
    int minorVersion = -1;
    String host;
    long contentLength = -1;
    boolean chunked;
    /** Connection header: TRUE close, FALSE keep-alive, null absent (so far). */
    Boolean close;
    /** Bytes from the message start through the blank line, or -1 if the prefix ends first. */
    int headerLength = -1;

    /**
     * Parses the message starting at {@code off}. Returns null if the bytes there are not an HTTP/1 message start of
     * the expected kind (request or response); a head cut by {@code limit} is returned with what was visible.
     */
    static HttpHead parse(byte[] b, int off, int limit, boolean request, boolean keepQuery) {
        HttpHead h = new HttpHead();
        h.request = request;
        int pos = request ? h.requestLine(b, off, limit, keepQuery) : h.statusLine(b, off, limit);
        if (pos == MALFORMED) {
            return null;
        }
        if (pos == CUT_OFF) {
            return h;
        }
        return h.headers(b, pos, limit, off) ? h : null;
    }

    private static final int MALFORMED = -2, CUT_OFF = -1;

    private int requestLine(byte[] b, int off, int limit, boolean keepQuery) {
        int p = off;
        while (p < limit && p - off <= 20 && isTokenChar(b[p])) {
            p++;
        }
        if (p == limit) {
            return CUT_OFF; // method cut: nothing named, but still a request
        }
        if (p == off || b[p] != ' ') {
            return MALFORMED;
        }
        method = ascii(b, off, p);
        int t = ++p;
        int query = -1;
        while (p < limit && b[p] != ' ') {
            if (b[p] < 0x21 || b[p] > 0x7e) {
                return MALFORMED;
            }
            if (b[p] == '?' && query < 0) {
                query = p;
            }
            p++;
        }
        if (p == t && p < limit) {
            return MALFORMED;
        }
        boolean cut = p == limit;
        if (query >= 0 && !keepQuery) {
            target = ascii(b, t, query + 1); // the path before '?' is whole even when the query is cut
        } else {
            targetCut = cut;
            target = cut ? ascii(b, t, p) + CUT : ascii(b, t, p);
        }
        if (cut) {
            return CUT_OFF;
        }
        p++;
        int v = version(b, p, limit);
        if (v < 0) {
            return v;
        }
        p += 8;
        return lineEnd(b, p, limit);
    }

    private int statusLine(byte[] b, int off, int limit) {
        int v = version(b, off, limit);
        if (v < 0) {
            return v;
        }
        int p = off + 8;
        if (p + 4 > limit) {
            return p < limit && b[p] != ' ' ? MALFORMED : CUT_OFF;
        }
        if (b[p] != ' ' || !isDigit(b[p + 1]) || !isDigit(b[p + 2]) || !isDigit(b[p + 3])) {
            return MALFORMED;
        }
        status = (b[p + 1] - '0') * 100 + (b[p + 2] - '0') * 10 + (b[p + 3] - '0');
        p += 4;
        int r = p < limit && b[p] == ' ' ? p + 1 : p;
        int e = r;
        while (e < limit && b[e] != '\r' && b[e] != '\n') {
            e++;
        }
        if (e == limit) {
            reason = r < limit ? ascii(b, r, e) + CUT : null;
            return CUT_OFF;
        }
        reason = ascii(b, r, e);
        return lineEnd(b, e, limit);
    }

    /** "HTTP/1.x" at p: sets minorVersion; MALFORMED if something else, CUT_OFF if the prefix ends inside. */
    private int version(byte[] b, int p, int limit) {
        byte[] v = {'H', 'T', 'T', 'P', '/', '1', '.'};
        for (int i = 0; i < 8; i++) {
            if (p + i >= limit) {
                return CUT_OFF;
            }
            byte c = b[p + i];
            if (i < 7 ? c != v[i] : c != '0' && c != '1') {
                return MALFORMED;
            }
        }
        minorVersion = b[p + 7] - '0';
        return 0;
    }

    /** CRLF (or a bare LF, which RFC 9112 §2.2 lets a recipient accept) at p: the offset after it. */
    private static int lineEnd(byte[] b, int p, int limit) {
        if (p < limit && b[p] == '\r') {
            p++;
        }
        if (p >= limit) {
            return CUT_OFF;
        }
        return b[p] == '\n' ? p + 1 : MALFORMED;
    }

    private boolean headers(byte[] b, int p, int limit, int off) {
        while (p < limit) {
            int e = p;
            while (e < limit && b[e] != '\n') {
                e++;
            }
            if (e == limit) {
                return true; // a header cut by the prefix: its value is not used
            }
            int end = e > p && b[e - 1] == '\r' ? e - 1 : e;
            if (end == p) {
                headerLength = e + 1 - off;
                return true;
            }
            int colon = p;
            while (colon < end && isTokenChar(b[colon])) {
                colon++;
            }
            if (colon == p || colon == end || b[colon] != ':') {
                return false;
            }
            int value = trimStart(b, colon + 1, end);
            header(b, p, colon, value, trimEnd(b, value, end)); // an all-blank value is empty, not inverted
            p = e + 1;
        }
        return true;
    }

    private void header(byte[] b, int name, int nameEnd, int v, int vEnd) {
        if (is(b, name, nameEnd, "host")) {
            host = ascii(b, v, vEnd);
        } else if (is(b, name, nameEnd, "content-length")) {
            long n = 0;
            for (int i = v; i < vEnd; i++) {
                if (!isDigit(b[i]) || n > 1L << 50) {
                    contentLength = -1; // not a length: the body's extent is unknown
                    return;
                }
                n = n * 10 + (b[i] - '0');
            }
            contentLength = vEnd > v ? n : -1;
        } else if (is(b, name, nameEnd, "connection")) {
            String value = ascii(b, v, vEnd).toLowerCase();
            if (value.contains("close")) {
                close = true;
            } else if (value.contains("keep-alive")) {
                close = false;
            }
        } else if (is(b, name, nameEnd, "transfer-encoding")) {
            chunked = ascii(b, v, vEnd).toLowerCase().trim().endsWith("chunked");
        }
    }

    private static boolean is(byte[] b, int from, int to, String lowerName) {
        if (to - from != lowerName.length()) {
            return false;
        }
        for (int i = 0; i < lowerName.length(); i++) {
            if ((b[from + i] | 0x20) != lowerName.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int trimStart(byte[] b, int p, int end) {
        while (p < end && (b[p] == ' ' || b[p] == '\t')) {
            p++;
        }
        return p;
    }

    private static int trimEnd(byte[] b, int start, int e) {
        while (e > start && (b[e - 1] == ' ' || b[e - 1] == '\t')) {
            e--;
        }
        return e;
    }

    /** RFC 9110 §5.6.2 tchar. */
    private static boolean isTokenChar(byte c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static String ascii(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }
}
