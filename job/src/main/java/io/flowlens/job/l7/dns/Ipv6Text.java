package io.flowlens.job.l7.dns;

/** RFC 5952 text of an IPv6 address (lower case, longest run of two or more zero groups as "::"), as tshark prints. */
final class Ipv6Text {
    private Ipv6Text() {}

    static void append(byte[] b, int at, StringBuilder out) {
        int bestStart = -1, bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (group(b, at, i) != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && group(b, at, j) == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLen - 1;
                continue;
            }
            if (i > 0 && i != bestStart + bestLen) {
                out.append(':');
            }
            out.append(Integer.toHexString(group(b, at, i)));
        }
    }

    private static int group(byte[] b, int at, int i) {
        return (b[at + 2 * i] & 0xff) << 8 | b[at + 2 * i + 1] & 0xff;
    }
}
