package io.flowlens.sources.hubble;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.assertj.core.api.SoftAssertions;

/** Checks flows flowlens read against what Jackson read from the same recorded lines. */
final class FlowExpectations {
    private FlowExpectations() {}

    /** Each recorded line arrived exactly once, with its fields in the right places. */
    static void matchEveryLine(List<RecordedHubbleFlows.Line> lines, List<HubbleFlow> flows) {
        assertThat(flows).as("one flow per recorded line").hasSameSizeAs(lines);
        Map<String, HubbleFlow> byKey = new TreeMap<>();
        for (HubbleFlow f : flows) {
            assertThat(byKey.put(key(f.timeNanos, f.srcIp, f.srcPort, f.dstIp, f.dstPort), f)).as("no flow twice: %s", f).isNull();
        }
        SoftAssertions soft = new SoftAssertions();
        for (RecordedHubbleFlows.Line l : lines) {
            String where = l.file().getFileName() + ":" + l.number();
            HubbleFlow f = byKey.get(key(l.timeNanos(), l.text("IP", "source"), l.port("source_port"),
                    l.text("IP", "destination"), l.port("destination_port")));
            soft.assertThat(f).as("flow of %s", where).isNotNull();
            if (f == null) {
                continue;
            }
            soft.assertThat(f.protocol).as(where).isEqualTo(l.protocol());
            soft.assertThat(f.verdict).as(where).isEqualTo(l.text("verdict"));
            soft.assertThat(f.dropReason).as(where).isEqualTo(l.text("drop_reason_desc"));
            soft.assertThat(f.type).as(where).isEqualTo(l.text("Type"));
            soft.assertThat(f.node).as(where).isEqualTo(l.text("node_name"));
            soft.assertThat(f.srcNamespace).as(where).isEqualTo(l.text("source", "namespace"));
            soft.assertThat(f.srcPod).as(where).isEqualTo(l.text("source", "pod_name"));
            soft.assertThat(str(f.srcIdentity)).as(where).isEqualTo(l.text("source", "identity"));
            soft.assertThat(f.dstNamespace).as(where).isEqualTo(l.text("destination", "namespace"));
            soft.assertThat(f.dstPod).as(where).isEqualTo(l.text("destination", "pod_name"));
            soft.assertThat(str(f.dstIdentity)).as(where).isEqualTo(l.text("destination", "identity"));
            soft.assertThat(str(f.reply)).as(where).isEqualTo(l.text("is_reply"));
            soft.assertThat(f.l7Type).as(where).isEqualTo(l.text("l7", "type"));
            soft.assertThat(str(f.l7LatencyNs)).as(where).isEqualTo(l.text("l7", "latency_ns"));
            soft.assertThat(f.httpMethod).as(where).isEqualTo(l.text("l7", "http", "method"));
            soft.assertThat(f.httpUrl).as(where).isEqualTo(l.text("l7", "http", "url"));
            soft.assertThat(str(f.httpCode)).as(where).isEqualTo(l.text("l7", "http", "code"));
            soft.assertThat(f.dnsQuery).as(where).isEqualTo(l.text("l7", "dns", "query"));
            if ("RESPONSE".equals(l.text("l7", "type")) && l.text("l7", "dns", "query") != null) {
                // protojson leaves out rcode 0 (NOERROR): absent in a response means 0
                soft.assertThat(f.dnsRcode).as(where).isEqualTo(Integer.parseInt(Objects.requireNonNullElse(l.text("l7", "dns", "rcode"), "0")));
            }
            boolean blocked = "POLICY_DENIED".equals(l.text("drop_reason_desc"));
            soft.assertThat(f.policyDenied).as(where).isEqualTo(blocked);
        }
        soft.assertAll();
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static String key(long t, String src, int sp, String dst, int dp) {
        return t + " " + src + ":" + sp + " " + dst + ":" + dp;
    }
}
