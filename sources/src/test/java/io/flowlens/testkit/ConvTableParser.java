package io.flowlens.testkit;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the text tshark prints for {@code -q -z conv,tcp -z conv,udp}. In tshark 4.0 ({@code ui/cli/tap-iousers.c})
 * a row reads
 *
 * <pre>
 * 127.0.0.1:57372            <-> 127.0.0.1:9092                   4 359 bytes       6 463 bytes      10 822 bytes  ...
 * </pre>
 *
 * where the first pair, under the header {@code <-}, is what A <em>received</em> (B→A) and the second, under
 * {@code ->}, what A <em>sent</em> (A→B); A is the source of the conversation's first packet. Byte counts of 10000
 * and more are printed rounded with an SI prefix ({@code 1163 kB}); such rows carry {@link #ROUNDED} instead of a
 * byte count so that the caller can count exactly. IPv6 endpoints are {@code ::1:50876} in 4.0 and
 * {@code [::1]:50876} in later versions; both parse.
 */
final class ConvTableParser {

    /** Stands for a byte count that tshark printed rounded. */
    static final long ROUNDED = -1;

    private static final String AMOUNT = "([\\d,]+)\\s+(bytes|[kMGTP]i?B)";
    private static final Pattern ROW = Pattern.compile(
            "^(\\S+)\\s+<->\\s+(\\S+)\\s+([\\d,]+)\\s+" + AMOUNT + "\\s+([\\d,]+)\\s+" + AMOUNT + "\\s+.*$");

    private ConvTableParser() {}

    static List<Conversation> parse(String text) {
        List<Conversation> rows = new ArrayList<>();
        String proto = null;
        for (String line : text.lines().toList()) {
            String trimmed = line.strip();
            if (trimmed.endsWith("Conversations")) {
                proto = trimmed.split("\\s+")[0].toLowerCase(Locale.ROOT);
                continue;
            }
            Matcher m = ROW.matcher(trimmed);
            if (!m.matches()) {
                continue;
            }
            if (proto == null) {
                throw new IllegalArgumentException("conversation row before any table header: " + line);
            }
            Endpoint a = endpoint(m.group(1));
            Endpoint b = endpoint(m.group(2));
            long framesBtoA = number(m.group(3));
            long bytesBtoA = bytes(m.group(4), m.group(5));
            long framesAtoB = number(m.group(6));
            long bytesAtoB = bytes(m.group(7), m.group(8));
            rows.add(new Conversation(proto, a.address, a.port, b.address, b.port,
                    framesAtoB, bytesAtoB, framesBtoA, bytesBtoA));
        }
        return rows;
    }

    record Endpoint(InetAddress address, int port) {}

    static Endpoint endpoint(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("not an address:port endpoint: " + text);
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new Endpoint(InetAddress.ofLiteral(host), Integer.parseInt(text.substring(colon + 1)));
    }

    private static long number(String digits) {
        return Long.parseLong(digits.replace(",", ""));
    }

    private static long bytes(String digits, String unit) {
        return "bytes".equals(unit) ? number(digits) : ROUNDED;
    }
}
