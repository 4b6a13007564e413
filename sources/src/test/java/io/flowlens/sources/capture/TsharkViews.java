package io.flowlens.sources.capture;

import io.flowlens.testkit.TsharkOracle;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** tshark's dissection of a capture in the shapes the live-capture tests compare flowlens's records with. */
final class TsharkViews {
    private TsharkViews() {}

    /** Per TCP direction ({@link LiveCaptureKernelTest#direction}), how many segments carried each flag. */
    static Map<String, TcpFlagCounts> tcpFlagCounts(Path pcap) {
        Map<String, List<Integer>> flags = new HashMap<>();
        for (String[] f : TsharkOracle.fields(pcap, "tcp", "ip.src", "ipv6.src", "tcp.srcport", "ip.dst", "ipv6.dst",
                "tcp.dstport", "tcp.flags")) {
            String key = LiveCaptureKernelTest.direction(address(f[0], f[1]), Integer.parseInt(f[2]),
                    address(f[3], f[4]), Integer.parseInt(f[5]));
            flags.computeIfAbsent(key, k -> new ArrayList<>()).add(Integer.decode(f[6]) & 0xff);
        }
        Map<String, TcpFlagCounts> counts = new HashMap<>();
        flags.forEach((k, v) -> counts.put(k, TcpFlagCounts.of(v)));
        return counts;
    }

    /** ICMPv4 echo requests and replies in capture order, as "type id seq". */
    static List<String> icmpEchoes(Path pcap) {
        return TsharkOracle.fields(pcap, "icmp.type == 8 || icmp.type == 0", "icmp.type", "icmp.ident", "icmp.seq")
                .stream().map(f -> f[0] + " " + f[1] + " " + f[2]).toList();
    }

    /** The payload of the first TCP segment with data that matches a display filter. */
    static byte[] firstTcpPayload(Path pcap, String displayFilter) {
        List<String[]> segments = TsharkOracle.fields(pcap, "tcp.len > 0 && " + displayFilter, "tcp.payload");
        if (segments.isEmpty()) {
            throw new IllegalStateException("no TCP data matching " + displayFilter + " in " + pcap);
        }
        return HexFormat.of().parseHex(segments.getFirst()[0].replace(":", ""));
    }

    /** tshark prints IPv6 compressed; flowlens's records print it as InetAddress does. */
    private static String address(String v4, String v6) {
        return InetAddress.ofLiteral(v4.isEmpty() ? v6 : v4).getHostAddress();
    }
}
