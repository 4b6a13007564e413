package io.flowlens.job.l7.http2;

import io.flowlens.testkit.Command;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * tshark's view of every HTTP/2 stream in a capture (all bytes, reassembled): "connection key #stream" →
 * "method|path|status|grpc-status", where status is the first :status and grpc-status the last one seen.
 */
final class TsharkHttp2Streams {
    private static final String AGG = "\u001f";

    private TsharkHttp2Streams() {}

    static Map<String, String[]> of(Path capture) {
        String out = Command.run(Duration.ofSeconds(120), "tshark", "-n", "-r", capture.toString(),
                "-d", "tcp.port==50051,http2", "-d", "tcp.port==8097,http2", "-Y", "http2.type == 1",
                "-T", "fields", "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=" + AGG,
                "-e", "ip.src", "-e", "ipv6.src", "-e", "tcp.srcport", "-e", "ip.dst", "-e", "ipv6.dst",
                "-e", "tcp.dstport", "-e", "http2.type", "-e", "http2.streamid", "-e", "http2.header.count",
                "-e", "http2.header.name", "-e", "http2.header.value").checked().stdout();
        Map<String, String[]> streams = new LinkedHashMap<>();
        for (String line : out.lines().filter(l -> !l.isBlank()).toList()) {
            String[] f = line.split("\t", -1);
            String src = ReplayedHttp2Sessions.endpoint(host(f[0], f[1]), Integer.parseInt(f[2]));
            String dst = ReplayedHttp2Sessions.endpoint(host(f[3], f[4]), Integer.parseInt(f[5]));
            String conn = ReplayedHttp2Sessions.key(src, dst);
            String[] types = f[6].split(AGG), ids = f[7].split(AGG), counts = f[8].split(AGG);
            String[] names = f[9].split(AGG, -1), values = f[10].split(AGG, -1);
            int header = 0, block = 0;
            for (int i = 0; i < types.length; i++) {
                if (!types[i].equals("1")) {
                    continue;
                }
                String[] s = streams.computeIfAbsent(conn + " #" + ids[i], k -> new String[4]);
                int n = Integer.parseInt(counts[block++]);
                for (int h = header; h < header + n; h++) {
                    switch (names[h]) {
                        case ":method" -> s[0] = values[h];
                        case ":path" -> s[1] = values[h];
                        case ":status" -> s[2] = s[2] == null ? values[h] : s[2];
                        case "grpc-status" -> s[3] = values[h];
                        default -> {}
                    }
                }
                header += n;
            }
        }
        return streams;
    }

    private static String host(String v4, String v6) {
        return InetAddress.ofLiteral(v4.isEmpty() ? v6 : v4).getHostAddress();
    }
}
