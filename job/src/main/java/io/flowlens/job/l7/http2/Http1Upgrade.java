package io.flowlens.job.l7.http2;

import java.nio.charset.StandardCharsets;

/**
 * The HTTP/1.1 side of an h2c upgrade (RFC 7540 §3.2): the request that becomes stream 1 and the 101 that switches
 * the connection. Only the exported prefix is seen, so the Upgrade header itself may be cut; the 101 decides.
 */
final class Http1Upgrade {
    private Http1Upgrade() {}

    /** "METHOD SP target SP HTTP/1.x": {method, target}, or null. */
    static String[] requestLine(byte[] b) {
        int end = lineEnd(b, 0);
        String line = new String(b, 0, end, StandardCharsets.ISO_8859_1);
        String[] parts = line.split(" ");
        return parts.length == 3 && parts[2].startsWith("HTTP/1.") ? new String[] {parts[0], parts[1]} : null;
    }

    /** Whether the prefix starts with a 101 status line. */
    static boolean switching(byte[] b) {
        return b.length >= 12 && new String(b, 0, 12, StandardCharsets.ISO_8859_1).matches("HTTP/1\\.[01] 101");
    }

    /** Offset just past the blank line ending the HTTP/1 header, or -1 when it is not in the prefix. */
    static int headerEnd(byte[] b) {
        for (int i = 3; i < b.length; i++) {
            if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    private static int lineEnd(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == '\r' || b[i] == '\n') {
                return i;
            }
        }
        return b.length;
    }
}
