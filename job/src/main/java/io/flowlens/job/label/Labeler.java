package io.flowlens.job.label;

import java.io.IOException;
import java.io.Serializable;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Gives each row its anomaly_label: the first rule of a --labels file that matches, else the run's --label (0 by
 * default). A rules file has one rule per line, "key=value" words, '#' comments:
 * <pre>
 * # the attack ran from 10:00 to 10:05 against the web server
 * label=1 from=2026-11-23T10:00:00Z to=2026-11-23T10:05:00Z cidr=198.18.0.2/32 port=80 protocol=tcp
 * </pre>
 * {@code label} is required; {@code from}/{@code to} (ISO-8601 instants, window start in [from, to)), {@code cidr}
 * (source or destination), {@code port} (source or destination) and {@code protocol} (tcp, udp, icmp, icmpv6 or a
 * number) are optional.
 */
public final class Labeler implements Serializable {
    private final int defaultLabel;
    private final List<LabelRule> rules;

    public Labeler(int defaultLabel, List<LabelRule> rules) {
        this.defaultLabel = defaultLabel;
        this.rules = List.copyOf(rules);
    }

    public static Labeler constant(int label) {
        return new Labeler(label, List.of());
    }

    public int label(long windowStartMs, String srcIp, String dstIp, int srcPort, int dstPort, int protocol) {
        if (rules.isEmpty()) {
            return defaultLabel;
        }
        InetAddress src = literal(srcIp), dst = literal(dstIp);
        for (LabelRule r : rules) {
            if (r.matches(windowStartMs, src, dst, srcPort, dstPort, protocol)) {
                return r.label();
            }
        }
        return defaultLabel;
    }

    private static InetAddress literal(String ip) {
        try {
            return InetAddress.getByName(ip); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP literal: " + ip, e);
        }
    }

    /** Reads a rules file; an error names the file, the line and what is wrong. */
    public static Labeler parse(Path file, int defaultLabel) throws IOException {
        List<LabelRule> rules = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).replaceFirst("#.*", "").strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                rules.add(rule(line));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw new IllegalArgumentException(file + " line " + (n + 1) + ": " + e.getMessage());
            }
        }
        return new Labeler(defaultLabel, rules);
    }

    static LabelRule rule(String line) {
        Integer label = null;
        long from = Long.MIN_VALUE, to = Long.MAX_VALUE;
        Cidr cidr = null;
        int port = -1, protocol = -1;
        for (String word : line.split("\\s+")) {
            int eq = word.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("expected key=value, got '" + word + "'");
            }
            String key = word.substring(0, eq), value = word.substring(eq + 1);
            switch (key) {
                case "label" -> label = Integer.parseInt(value);
                case "from" -> from = Instant.parse(value).toEpochMilli();
                case "to" -> to = Instant.parse(value).toEpochMilli();
                case "cidr" -> cidr = Cidr.parse(value);
                case "port" -> {
                    port = Integer.parseInt(value);
                    if (port < 0 || port > 65535) {
                        throw new IllegalArgumentException("port out of range: " + value);
                    }
                }
                case "protocol" -> protocol = protocol(value);
                default -> throw new IllegalArgumentException("unknown key '" + key + "' (label, from, to, cidr, port, protocol)");
            }
        }
        if (label == null) {
            throw new IllegalArgumentException("a rule needs label=N");
        }
        if (from >= to) {
            throw new IllegalArgumentException("'from' must be before 'to'");
        }
        return new LabelRule(label, from, to, cidr, port, protocol);
    }

    private static int protocol(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "tcp" -> 6;
            case "udp" -> 17;
            case "icmp" -> 1;
            case "icmpv6" -> 58;
            default -> {
                int p = Integer.parseInt(v);
                if (p < 0 || p > 255) {
                    throw new IllegalArgumentException("protocol out of range: " + v);
                }
                yield p;
            }
        };
    }
}
