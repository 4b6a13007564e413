package io.flowlens.job.l7;

import io.flowlens.testkit.TsharkOracle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** tshark's view of a capture's DNS and Kafka exchanges, one line per request in capture order, as {@link #dns}. */
final class TsharkL7 {
    private TsharkL7() {}

    /** "id qname qtype | rcode answers addr/ttl;..." per query; the part after "|" is empty without a response. */
    static List<String> dns(Path capture) {
        List<String[]> rows = TsharkOracle.fields(capture, "dns", "frame.number", "dns.flags.response", "dns.id",
                "dns.qry.name", "dns.qry.type", "dns.response_to", "dns.flags.rcode", "dns.count.answers",
                "dns.resp.type", "dns.resp.ttl", "dns.a", "dns.aaaa");
        Map<String, String[]> responseTo = new HashMap<>(); // single-pass tshark links a response to its query only
        rows.stream().filter(r -> !r[5].isEmpty()).forEach(r -> responseTo.putIfAbsent(r[5], r));
        List<String> out = new ArrayList<>();
        for (String[] q : rows) {
            if (!q[1].equals("0")) {
                continue;
            }
            String line = Integer.decode(q[2]) + " " + q[3] + " " + q[4] + " |";
            String[] r = responseTo.get(q[0]);
            if (r != null) {
                line += " " + r[6] + " " + r[7] + " " + answerData(r, Integer.parseInt(r[7]));
            }
            out.add(line);
        }
        return out;
    }

    /** The A/AAAA records among the first {@code answers} resource records (dns.a lists every section's). */
    private static String answerData(String[] r, int answers) {
        String[] types = split(r[8]), ttls = split(r[9]), a = split(r[10]), aaaa = split(r[11]);
        StringBuilder sb = new StringBuilder();
        int ia = 0, iaaaa = 0;
        for (int i = 0; i < answers && i < types.length; i++) {
            String addr = types[i].equals("1") ? a[ia++] : types[i].equals("28") ? aaaa[iaaaa++] : null;
            if (addr != null) {
                sb.append(sb.isEmpty() ? "" : ";").append(addr).append('/').append(ttls[i]);
            }
        }
        return sb.isEmpty() ? "null" : sb.toString();
    }

    /** "key version correlation client topic | firstError" per request; topic and error "null" when absent. */
    static List<String> kafka(Path capture) {
        List<String[]> rows = TsharkOracle.fields(capture, "kafka", "frame.number", "kafka.request_frame",
                "kafka.response_frame" /* empty: tshark fills it on a second pass only */, "kafka.api_key", "kafka.api_version", "kafka.correlation_id", "kafka.client_id",
                "kafka.topic_name", "kafka.error");
        Map<String, String[]> responseTo = new HashMap<>();
        rows.stream().filter(r -> !r[1].isEmpty()).forEach(r -> responseTo.putIfAbsent(r[1], r));
        List<String> out = new ArrayList<>();
        for (String[] q : rows) {
            if (!q[1].isEmpty()) {
                continue; // a response
            }
            String line = q[3] + " " + q[4] + " " + q[5] + " " + q[6] + " " + first(q[7]) + " |";
            String[] r = responseTo.get(q[0]);
            if (r != null) {
                line += " " + first(r[8]);
            }
            out.add(line);
        }
        return out;
    }

    private static String first(String multi) {
        return multi.isEmpty() ? "null" : multi.split(",")[0];
    }

    private static String[] split(String s) {
        return s.isEmpty() ? new String[0] : s.split(",");
    }
}
