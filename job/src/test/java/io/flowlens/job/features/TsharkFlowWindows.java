package io.flowlens.job.features;

import io.flowlens.testkit.TsharkOracle;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * tshark's view of a capture as flow windows: per canonical 5-tuple and window, packets, bytes, TCP flag counts and
 * TCP analysis counts, from its own dissectors. The independent side of the dataset accuracy test.
 */
final class TsharkFlowWindows {
    /** Counts per flow window, in this order. */
    static final String[] COUNTS = {"packet_count", "byte_count", "syn_count", "syn_ack_count", "fin_count",
            "rst_count", "psh_count", "ack_count", "retransmission_count", "out_of_order_count", "zero_window_count"};

    private TsharkFlowWindows() {}

    /** "proto lo hi @windowStartMs" → counts, for TCP, UDP, ICMP and ICMPv6 packets. */
    static Map<String, long[]> of(Path capture, long windowMs) {
        Map<String, long[]> out = new TreeMap<>();
        List<String[]> rows = TsharkOracle.firstFields(capture, "ip or ipv6",
                "frame.time_epoch", "frame.len", "ip.src", "ipv6.src", "ip.dst", "ipv6.dst", "icmp.type", "icmpv6.type",
                "tcp.srcport", "tcp.dstport", "udp.srcport", "udp.dstport", "tcp.flags",
                "tcp.analysis.retransmission", "tcp.analysis.out_of_order", "tcp.analysis.zero_window");
        for (String[] f : rows) {
            int proto;
            int sport = 0, dport = 0;
            if (!f[6].isEmpty()) {
                proto = 1;
            } else if (!f[7].isEmpty()) {
                proto = 58;
            } else if (!f[8].isEmpty()) {
                proto = 6;
                sport = Integer.parseInt(f[8]);
                dport = Integer.parseInt(f[9]);
            } else if (!f[10].isEmpty()) {
                proto = 17;
                sport = Integer.parseInt(f[10]);
                dport = Integer.parseInt(f[11]);
            } else {
                continue; // other protocols are not compared here
            }
            String src = endpoint(f[2].isEmpty() ? f[3] : f[2], sport);
            String dst = endpoint(f[4].isEmpty() ? f[5] : f[4], dport);
            long ms = new BigDecimal(f[0]).movePointRight(3).setScale(0, RoundingMode.FLOOR).longValueExact();
            long[] c = out.computeIfAbsent(key(proto, src, dst, Math.floorDiv(ms, windowMs) * windowMs),
                    k -> new long[COUNTS.length]);
            c[0]++;
            c[1] += Long.parseLong(f[1]);
            if (proto == 6) {
                int flags = Integer.decode(f[12]);
                boolean syn = (flags & 0x02) != 0, ack = (flags & 0x10) != 0;
                c[2] += syn && !ack ? 1 : 0;
                c[3] += syn && ack ? 1 : 0;
                c[4] += (flags & 0x01) != 0 ? 1 : 0;
                c[5] += (flags & 0x04) != 0 ? 1 : 0;
                c[6] += (flags & 0x08) != 0 ? 1 : 0;
                c[7] += ack ? 1 : 0;
                c[8] += f[13].isEmpty() ? 0 : 1;
                c[9] += f[14].isEmpty() ? 0 : 1;
                c[10] += f[15].isEmpty() ? 0 : 1;
            }
        }
        return out;
    }

    static String endpoint(String address, int port) {
        return InetAddress.ofLiteral(address).getHostAddress() + "/" + port;
    }

    static String key(int proto, String a, String b, long windowStartMs) {
        return proto + " " + (a.compareTo(b) <= 0 ? a + " " + b : b + " " + a) + " @" + windowStartMs;
    }
}
