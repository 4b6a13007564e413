package io.flowlens.job.l7;

import java.nio.charset.StandardCharsets;

/**
 * Big-endian reads over an exported prefix that never throw: a read past the end returns 0 and clears {@link #ok()}.
 * Truncation is the normal case here (the kernel cuts every message at its payload cap), so parsers check once per
 * group of fields instead of paying for an exception per cut message.
 */
public final class PrefixReader {
    private byte[] b;
    private int pos, end;
    private boolean ok;

    /** Reads {@code bytes[from, to)}; {@code to} is clamped to the array. */
    public PrefixReader reset(byte[] bytes, int from, int to) {
        this.b = bytes;
        this.end = Math.min(to, bytes.length);
        this.pos = Math.min(Math.max(from, 0), end);
        this.ok = true;
        return this;
    }

    /** No read so far went past the end. */
    public boolean ok() {
        return ok;
    }

    public int position() {
        return pos;
    }

    public int remaining() {
        return end - pos;
    }

    public boolean has(int n) {
        return ok && n >= 0 && n <= end - pos;
    }

    private boolean take(int n) {
        if (has(n)) {
            return true;
        }
        ok = false;
        pos = end;
        return false;
    }

    public int u8() {
        return take(1) ? b[pos++] & 0xff : 0;
    }

    public int u16() {
        if (!take(2)) {
            return 0;
        }
        int v = (b[pos] & 0xff) << 8 | b[pos + 1] & 0xff;
        pos += 2;
        return v;
    }

    public int u24() {
        return u8() << 16 | u16();
    }

    public int s32() {
        return u16() << 16 | u16();
    }

    public void skip(int n) {
        if (take(n)) {
            pos += n;
        }
    }

    /** Kafka's unsigned varint (compact lengths, tagged fields); at most 5 bytes. */
    public int uvarint() {
        int v = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int x = u8();
            v |= (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
        }
        ok = false;
        pos = end;
        return 0;
    }

    /** The next {@code n} bytes as UTF-8, or null (and not ok) when they are not all there. */
    public String utf8(int n) {
        if (!take(n)) {
            return null;
        }
        String s = new String(b, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    public void copy(byte[] dst, int n) {
        if (take(n)) {
            System.arraycopy(b, pos, dst, 0, n);
            pos += n;
        }
    }

    public byte byteAt(int index) {
        return index >= 0 && index < end ? b[index] : 0;
    }
}
