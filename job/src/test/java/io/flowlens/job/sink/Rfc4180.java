package io.flowlens.job.sink;

import java.util.ArrayList;
import java.util.List;

/**
 * A strict RFC 4180 reader for the tests, written apart from the writer so a shared mistake is unlikely. A field is
 * returned as null when it is empty and unquoted (flowlens's "unknown"), as "" when it is a quoted empty string.
 */
final class Rfc4180 {
    private Rfc4180() {}

    static List<List<String>> records(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"') {
                if (quoted || !field.isEmpty()) {
                    throw new IllegalArgumentException("a quote inside an unquoted field at offset " + i);
                }
                quoted = true;
                i = readQuoted(text, i + 1, field);
                continue;
            }
            if (c == ',' || c == '\n') {
                record.add(quoted || !field.isEmpty() ? field.toString() : null);
                field.setLength(0);
                quoted = false;
                if (c == '\n') {
                    records.add(record);
                    record = new ArrayList<>();
                }
            } else if (quoted) {
                throw new IllegalArgumentException("text after a closing quote at offset " + i);
            } else if (c == '\r') {
                throw new IllegalArgumentException("bare CR at offset " + i);
            } else {
                field.append(c);
            }
            i++;
        }
        if (!record.isEmpty() || !field.isEmpty() || quoted) {
            throw new IllegalArgumentException("the file does not end with a line end");
        }
        return records;
    }

    /** Reads a quoted field's content from {@code start}; returns the offset after its closing quote. */
    private static int readQuoted(String text, int start, StringBuilder field) {
        int i = start;
        while (true) {
            if (i >= text.length()) {
                throw new IllegalArgumentException("unterminated quoted field from offset " + (start - 1));
            }
            char c = text.charAt(i);
            if (c == '"') {
                if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            field.append(c);
            i++;
        }
    }
}
