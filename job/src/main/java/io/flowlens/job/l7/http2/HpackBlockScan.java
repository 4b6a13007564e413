package io.flowlens.job.l7.http2;

/**
 * Walks an HPACK header block's representations (RFC 7541 §6) without decoding strings, to learn which dynamic
 * table entries it reads before anything is decoded. After bytes of a direction went unseen, only entries inserted
 * since then are certain; a block that reads an older one would be decoded against a table that may differ from the
 * sender's, which is a guess, so the caller marks that direction unknown instead.
 */
final class HpackBlockScan {
    /** The block does not parse as HPACK. */
    static final int MALFORMED = -1;
    /** The block reads a dynamic entry older than the trusted ones. */
    static final int UNTRUSTED = -2;

    private static final int STATIC_ENTRIES = 61;

    private HpackBlockScan() {}

    /**
     * Returns the number of entries the block inserts into the dynamic table, or {@link #MALFORMED} or
     * {@link #UNTRUSTED}.
     *
     * @param trusted how many of the newest dynamic entries are certain ({@link Integer#MAX_VALUE}: all)
     */
    static int insertions(byte[] b, int from, int to, int trusted) {
        int inserted = 0;
        int[] pos = {from};
        while (pos[0] < to) {
            int first = b[pos[0]] & 0xff;
            long index;
            boolean inserts = false;
            if ((first & 0x80) != 0) { // indexed field
                index = integer(b, pos, to, 7);
                if (index == 0 || !readable(index, trusted, inserted)) {
                    return index == 0 ? MALFORMED : UNTRUSTED;
                }
                continue;
            } else if ((first & 0xc0) == 0x40) { // literal with incremental indexing
                index = integer(b, pos, to, 6);
                inserts = true;
            } else if ((first & 0xe0) == 0x20) { // dynamic table size update
                if (integer(b, pos, to, 5) < 0) {
                    return MALFORMED;
                }
                continue;
            } else { // literal without indexing or never indexed
                index = integer(b, pos, to, 4);
            }
            if (index < 0) {
                return MALFORMED;
            }
            if (index == 0 && !string(b, pos, to)) { // a literal name
                return MALFORMED;
            }
            if (index > 0 && !readable(index, trusted, inserted)) {
                return UNTRUSTED;
            }
            if (!string(b, pos, to)) {
                return MALFORMED;
            }
            inserted += inserts ? 1 : 0;
        }
        return inserted;
    }

    private static boolean readable(long index, int trusted, int insertedSoFar) {
        return index <= STATIC_ENTRIES || index - STATIC_ENTRIES <= (long) trusted + insertedSoFar;
    }

    /** An HPACK integer with an N-bit prefix (§5.1) at pos[0], advancing it; -1 when cut or oversized. */
    private static long integer(byte[] b, int[] pos, int to, int prefixBits) {
        int max = (1 << prefixBits) - 1;
        long value = b[pos[0]++] & max;
        if (value < max) {
            return value;
        }
        for (int shift = 0; shift <= 28; shift += 7) {
            if (pos[0] >= to) {
                return -1;
            }
            int next = b[pos[0]++] & 0xff;
            value += (long) (next & 0x7f) << shift;
            if ((next & 0x80) == 0) {
                return value;
            }
        }
        return -1;
    }

    /** Skips a string literal (§5.2) at pos[0]; false when it runs past the block. */
    private static boolean string(byte[] b, int[] pos, int to) {
        if (pos[0] >= to) {
            return false;
        }
        long length = integer(b, pos, to, 7);
        if (length < 0 || length > to - pos[0]) {
            return false;
        }
        pos[0] += (int) length;
        return true;
    }
}
