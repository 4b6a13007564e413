package io.flowlens.testkit;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * tshark (Debian's Wireshark 4.0) as the independent oracle: per-conversation counts, dissected fields, and captures
 * of the same traffic flowlens sees.
 */
public final class TsharkOracle {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private TsharkOracle() {}

    /**
     * The TCP and UDP conversations in a capture, as {@code tshark -n -q -r FILE -z conv,tcp -z conv,udp} counts them.
     * See {@link Conversation} for which endpoint is A and what each count means.
     *
     * <p>tshark prints byte counts of 10000 and more rounded ({@code 43 kB}); those are replaced by exact sums of
     * {@code frame.len} per direction from a second tshark pass, which must agree with the table's frame counts.
     */
    public static List<Conversation> conversations(Path capture) {
        String text = tshark("-n", "-q", "-r", capture.toString(), "-z", "conv,tcp", "-z", "conv,udp").stdout();
        List<Conversation> table = ConvTableParser.parse(text);
        boolean rounded = table.stream().anyMatch(
                c -> c.bytesAtoB() == ConvTableParser.ROUNDED || c.bytesBtoA() == ConvTableParser.ROUNDED);
        return rounded ? withExactBytes(capture, table) : table;
    }

    /**
     * Dissected fields of the packets matching a display filter: {@code tshark -n -r FILE -Y FILTER -T fields -e F...
     * -E separator=/t -E occurrence=a}. One array per packet, one element per field; a field that occurs several
     * times holds all values separated by commas, one that is absent is the empty string.
     *
     * @param displayFilter a Wireshark display filter, or null/blank for every packet
     */
    public static List<String[]> fields(Path file, String displayFilter, String... fields) {
        return fieldsWithOccurrence(file, displayFilter, "a", List.of(), fields);
    }

    /**
     * As {@link #fields}, with Wireshark preferences set first ({@code -o name:value} each), e.g.
     * {@code http.desegment_body:FALSE} so that a response is dissected at its first segment, as a message start.
     */
    public static List<String[]> fieldsWithPreferences(
            Path file, List<String> preferences, String displayFilter, String... fields) {
        List<String> argv = new ArrayList<>();
        for (String preference : preferences) {
            argv.addAll(List.of("-o", preference));
        }
        return fieldsWithOccurrence(file, displayFilter, "a", argv, fields);
    }

    /**
     * As {@link #fields}, but a field that occurs several times gives only its first (outermost) value
     * ({@code -E occurrence=f}): the packet's own headers, not those quoted inside an ICMP error.
     */
    public static List<String[]> firstFields(Path file, String displayFilter, String... fields) {
        return fieldsWithOccurrence(file, displayFilter, "f", List.of(), fields);
    }

    /**
     * Starts capturing on {@code iface} into {@code out} (pcapng) with dumpcap, and returns once it is really
     * capturing. Stop it with {@link Capture#stop()} after the traffic.
     *
     * @param netnsOrNull the namespace holding the interface, or null for the root namespace
     * @param captureFilter a BPF capture filter, or null/blank for all packets
     */
    public static Capture capture(String netnsOrNull, String iface, Path out, String captureFilter) {
        return Capture.start(netnsOrNull, iface, out, captureFilter);
    }

    private static List<String[]> fieldsWithOccurrence(
            Path file, String displayFilter, String occurrence, List<String> options, String... fields) {
        List<String> argv = new ArrayList<>(List.of("-n", "-r", file.toString()));
        argv.addAll(options);
        if (displayFilter != null && !displayFilter.isBlank()) {
            argv.addAll(List.of("-Y", displayFilter));
        }
        argv.addAll(List.of("-T", "fields", "-E", "separator=/t", "-E", "occurrence=" + occurrence));
        for (String field : fields) {
            argv.addAll(List.of("-e", field));
        }
        String out = tshark(argv.toArray(String[]::new)).stdout();
        return out.lines().filter(l -> !l.isEmpty()).map(l -> l.split("\t", -1)).toList();
    }

    private static List<Conversation> withExactBytes(Path capture, List<Conversation> table) {
        // occurrence=l: the innermost header, which is the one the conversation taps see for tunnelled packets
        Map<String, long[]> tally = new HashMap<>();
        for (String[] f : fieldsWithOccurrence(capture, "tcp or udp", "l", List.of(),
                "ip.src", "ipv6.src", "ip.dst", "ipv6.dst", "tcp.srcport", "udp.srcport", "tcp.dstport",
                "udp.dstport", "frame.len")) {
            String src = f[0].isEmpty() ? f[1] : f[0];
            String dst = f[2].isEmpty() ? f[3] : f[2];
            boolean tcp = !f[4].isEmpty();
            String key = key(tcp ? "tcp" : "udp", InetAddress.ofLiteral(src), Integer.parseInt(tcp ? f[4] : f[5]),
                    InetAddress.ofLiteral(dst), Integer.parseInt(tcp ? f[6] : f[7]));
            long[] framesAndBytes = tally.computeIfAbsent(key, k -> new long[2]);
            framesAndBytes[0]++;
            framesAndBytes[1] += Long.parseLong(f[8]);
        }
        List<Conversation> exact = new ArrayList<>();
        for (Conversation c : table) {
            long[] ab = tally.getOrDefault(key(c.proto(), c.addrA(), c.portA(), c.addrB(), c.portB()), new long[2]);
            long[] ba = tally.getOrDefault(key(c.proto(), c.addrB(), c.portB(), c.addrA(), c.portA()), new long[2]);
            if (ab[0] != c.framesAtoB() || ba[0] != c.framesBtoA()) {
                throw new IllegalStateException("tshark's conversation table and its per-packet fields disagree for "
                        + c + ": fields count " + ab[0] + " A→B and " + ba[0] + " B→A frames");
            }
            exact.add(new Conversation(c.proto(), c.addrA(), c.portA(), c.addrB(), c.portB(),
                    c.framesAtoB(), ab[1], c.framesBtoA(), ba[1]));
        }
        return exact;
    }

    private static String key(String proto, InetAddress src, int sport, InetAddress dst, int dport) {
        return proto + " " + src.getHostAddress() + " " + sport + " " + dst.getHostAddress() + " " + dport;
    }

    private static Command.Result tshark(String... args) {
        List<String> argv = new ArrayList<>(List.of("tshark"));
        argv.addAll(List.of(args));
        return Command.run(TIMEOUT, argv.toArray(String[]::new)).checked();
    }
}
