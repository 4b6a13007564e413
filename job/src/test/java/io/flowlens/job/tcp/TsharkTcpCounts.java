package io.flowlens.job.tcp;

import io.flowlens.testkit.TsharkOracle;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * tshark's per-connection counts of {@code tcp.analysis.retransmission} (and of its fast and spurious kinds),
 * {@code tcp.analysis.out_of_order} and {@code tcp.analysis.zero_window}, and its handshake RTT
 * ({@code tcp.analysis.initial_rtt}), in the same "5-tuple #n" lines as {@link ReplayedConnections}: tcp.stream numbers
 * are mapped to a canonical 5-tuple and the n-th stream of that 5-tuple (tshark starts a new stream when a SYN reuses
 * the ports).
 */
final class TsharkTcpCounts {
    /** What each line counts, in order. */
    static final String[] COUNTS = {"retransmission", "fast_retransmission", "spurious_retransmission",
            "out_of_order", "zero_window", "initial_rtt_ns"};
    /** Index of the handshake RTT in a line's values: a value per connection (-1 when unknown), not a count. */
    static final int INITIAL_RTT = 5;

    private TsharkTcpCounts() {}

    static List<String> of(Path capture) {
        // TCP headers quoted inside ICMP errors get a tcp.stream too; they are not packets of the connection
        List<String[]> rows = TsharkOracle.fields(capture, "tcp and not icmp and not icmpv6",
                "tcp.stream", "ip.src", "ipv6.src", "ip.dst", "ipv6.dst", "tcp.srcport", "tcp.dstport",
                "tcp.analysis.retransmission", "tcp.analysis.fast_retransmission",
                "tcp.analysis.spurious_retransmission", "tcp.analysis.out_of_order", "tcp.analysis.zero_window",
                "tcp.analysis.initial_rtt");
        Map<Integer, String> streamKey = new TreeMap<>();
        Map<Integer, long[]> streamCounts = new TreeMap<>();
        for (String[] f : rows) {
            int stream = Integer.parseInt(f[0]);
            String src = endpoint(innermost(f[1].isEmpty() ? f[2] : f[1]), Integer.parseInt(innermost(f[5])));
            String dst = endpoint(innermost(f[3].isEmpty() ? f[4] : f[3]), Integer.parseInt(innermost(f[6])));
            streamKey.putIfAbsent(stream, flowKey(src, dst));
            long[] c = streamCounts.computeIfAbsent(stream, s -> newCounts());
            for (int i = 0; i < INITIAL_RTT; i++) {
                c[i] += f[7 + i].isEmpty() ? 0 : 1;
            }
            String rtt = f[7 + INITIAL_RTT];
            if (!rtt.isEmpty()) {
                c[INITIAL_RTT] = new BigDecimal(rtt).movePointRight(9).longValueExact();
            }
        }
        Map<String, Integer> connectionsOfKey = new TreeMap<>();
        List<String> out = new ArrayList<>();
        streamKey.forEach((stream, key) -> {
            int n = connectionsOfKey.merge(key, 1, Integer::sum) - 1;
            out.add(line(key, n, streamCounts.get(stream)));
        });
        return out;
    }

    /** Zero counts and an unknown handshake RTT. */
    static long[] newCounts() {
        long[] counts = new long[COUNTS.length];
        counts[INITIAL_RTT] = -1;
        return counts;
    }

    /** A tunnelled packet lists every layer's value; the TCP header belongs to the innermost. */
    private static String innermost(String values) {
        return values.substring(values.lastIndexOf(',') + 1);
    }

    /** Address in Java's spelling (tshark writes ::1 where Java writes 0:0:0:0:0:0:0:1) and port. */
    static String endpoint(String address, int port) {
        return InetAddress.ofLiteral(address).getHostAddress() + "/" + port;
    }

    static String flowKey(String a, String b) {
        return a.compareTo(b) <= 0 ? a + " " + b : b + " " + a;
    }

    static String line(String key, int connection, long[] counts) {
        StringBuilder line = new StringBuilder(key).append(" #").append(connection);
        for (int i = 0; i < COUNTS.length; i++) {
            line.append(' ').append(COUNTS[i]).append('=').append(counts[i]);
        }
        return line.toString();
    }
}
