package io.flowlens.sources.system;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A small /proc file read whole into one reused buffer, with a cursor that parses numbers straight
 * from the bytes: sampling reads ~100 such files per window, and splitting them into Strings would
 * be most of its cost. /proc files report size 0, so they are read until EOF. Not thread-safe.
 */
final class ProcFile {
    private byte[] buf = new byte[16 * 1024];
    private int length;
    private int pos;
    /** End of the field {@link #nextField} last found. */
    private int fieldEnd;

    /** Reads the file; false if it does not exist (a process that has exited). */
    boolean read(String path) {
        try (FileInputStream in = new FileInputStream(path)) {
            length = 0;
            int n;
            while ((n = in.read(buf, length, buf.length - length)) > 0) {
                length += n;
                if (length == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
            }
            pos = 0;
            return true;
        } catch (FileNotFoundException e) {
            return false;
        } catch (IOException e) {
            // a process exiting mid-read gives ESRCH on some kernels: treat it as gone
            if (path.startsWith("/proc/") && Character.isDigit(path.charAt(6))) {
                return false;
            }
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** Reads a file the sampler cannot work without; the message says which. */
    void readRequired(String path, String why) {
        if (!read(path)) {
            throw new IllegalStateException(path + " not found: it is needed for " + why + " (is /proc mounted?)");
        }
    }

    boolean atEnd() {
        return pos >= length;
    }

    /** Moves to the start of the next line; false at the end of the file. */
    boolean nextLine() {
        while (pos < length && buf[pos] != '\n') {
            pos++;
        }
        pos++;
        return pos < length;
    }

    /** True if the current line starts with {@code prefix} (ASCII); moves past it if so. */
    boolean skipPrefix(String prefix) {
        int n = prefix.length();
        if (pos + n > length) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (buf[pos + i] != prefix.charAt(i)) {
                return false;
            }
        }
        pos += n;
        return true;
    }

    /** The next unsigned decimal on this line after spaces; -1 if there is none. */
    long nextLong() {
        while (pos < length && (buf[pos] == ' ' || buf[pos] == '\t')) {
            pos++;
        }
        if (pos >= length || buf[pos] < '0' || buf[pos] > '9') {
            return -1;
        }
        long v = 0;
        while (pos < length && buf[pos] >= '0' && buf[pos] <= '9') {
            v = v * 10 + (buf[pos++] - '0');
        }
        return v;
    }

    /** Skips {@code n} space-separated fields. */
    void skipFields(int n) {
        for (int i = 0; i < n; i++) {
            while (pos < length && buf[pos] == ' ') {
                pos++;
            }
            while (pos < length && buf[pos] != ' ' && buf[pos] != '\n') {
                pos++;
            }
        }
    }

    /** Start of the next space-separated field on this line; the cursor moves past it. Its end is {@link #fieldEnd()}. */
    int nextField() {
        while (pos < length && buf[pos] == ' ') {
            pos++;
        }
        int start = pos;
        while (pos < length && buf[pos] != ' ' && buf[pos] != '\n') {
            pos++;
        }
        fieldEnd = pos;
        return start;
    }

    int fieldEnd() {
        return fieldEnd;
    }

    /** Whether bytes [start, end) equal {@code name}. */
    boolean regionEquals(int start, int end, byte[] name) {
        return Arrays.equals(buf, start, end, name, 0, name.length);
    }

    byte[] copy(int start, int end) {
        return Arrays.copyOfRange(buf, start, end);
    }

    /** Index of the last occurrence of {@code b}, or -1. */
    int lastIndexOf(byte b) {
        for (int i = length - 1; i >= 0; i--) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    int indexOf(byte b) {
        for (int i = 0; i < length; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    void seek(int p) {
        pos = p;
    }

    String string(int start, int end) {
        return new String(buf, start, end - start, StandardCharsets.UTF_8);
    }
}
