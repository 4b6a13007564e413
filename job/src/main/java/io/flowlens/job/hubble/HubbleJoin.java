package io.flowlens.job.hubble;

import io.flowlens.job.enrich.WindowEnrichment;
import io.flowlens.job.features.L7Protocols;
import io.flowlens.job.schema.FlowSchema;
import io.flowlens.job.schema.RowBuilder;
import java.net.URI;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.types.Row;

/**
 * Fills a flow row's Kubernetes and Hubble columns from the flow's {@link HubbleSummary} of the same window (key:
 * flow_id and window start). Hubble's endpoints are matched to the row's initiator and responder by address and
 * port. Hubble's L7 records fill a protocol's L7 columns only when flowlens's own parsing left all of them empty; no
 * count or feature ever comes from Hubble.
 */
public final class HubbleJoin extends WindowEnrichment<HubbleSummary> {
    private final boolean keepQuery;

    public HubbleJoin(long windowMs, long graceMs, TypeInformation<Row> rowType, boolean keepQuery) {
        super(windowMs, graceMs, rowType, TypeInformation.of(HubbleSummary.class));
        this.keepQuery = keepQuery;
    }

    public static String rowKey(Row r) {
        return rowKey(r, "flow_id");
    }

    public static String summaryKey(HubbleSummary s) {
        return key(s.flowId, s.windowStartMs);
    }

    @Override
    protected long windowStartOf(HubbleSummary s) {
        return s.windowStartMs;
    }

    @Override
    protected void fill(Row r, HubbleSummary s) {
        RowBuilder rows = rows();
        HubbleEndpoint initiator = s.endpoint(text(r, "src_ip"), (Integer) get(r, "src_port"));
        HubbleEndpoint responder = s.endpoint(text(r, "dst_ip"), (Integer) get(r, "dst_port"));
        HubbleEndpoint pod = initiator != null && initiator.hasPod() ? initiator
                : responder != null && responder.hasPod() ? responder : null;
        if (pod != null) {
            rows.set(r, "namespace", pod.namespace);
            rows.set(r, "pod_name", pod.pod);
            rows.set(r, "workload", pod.workload);
            rows.set(r, "pod_labels", pod.labels);
        }
        if (initiator != null) {
            rows.set(r, "security_identity", initiator.identity);
        }
        if (responder != null) {
            rows.set(r, "service_name", responder.service);
            rows.set(r, "dst_namespace", responder.namespace);
            rows.set(r, "dst_pod_name", responder.pod);
            rows.set(r, "dst_workload", responder.workload);
            rows.set(r, "dst_security_identity", responder.identity);
        }
        rows.set(r, "verdict", s.verdict);
        rows.set(r, "drop_reason", s.dropReason);
        rows.set(r, "is_blocked_flow", s.blocked ? 1 : 0);
        fillL7(r, s);
    }

    /** Hubble's L7 columns, per protocol, only where flowlens's parsers saw nothing of that protocol. */
    private void fillL7(Row r, HubbleSummary s) {
        RowBuilder rows = rows();
        boolean filled = false;
        if (empty(r, "http_method", "http_url", "http_status_code", "http_latency_ms")
                && (s.httpMethod != null || s.httpCode != null || s.httpUrl != null)) {
            rows.set(r, "http_method", s.httpMethod);
            rows.set(r, "http_url", path(s.httpUrl));
            rows.set(r, "http_status_code", s.httpCode);
            rows.set(r, "http_latency_ms", s.httpLatencyCount == 0 ? null : s.httpLatencySumNs / 1e6 / s.httpLatencyCount);
            filled = true;
        }
        if (empty(r, "dns_query_name", "dns_response_code") && (s.dnsQuery != null || s.dnsRcode != null)) {
            String q = s.dnsQuery;
            rows.set(r, "dns_query_name", q != null && q.endsWith(".") && q.length() > 1 ? q.substring(0, q.length() - 1) : q);
            rows.set(r, "dns_response_code", s.dnsRcode);
            filled = true;
        }
        if (empty(r, "kafka_api_key", "kafka_error_code") && (s.kafkaApiKey != null || s.kafkaErrorCode != null)) {
            rows.set(r, "kafka_api_key", KafkaApiNames.id(s.kafkaApiKey));
            rows.set(r, "kafka_error_code", s.kafkaErrorCode);
            filled = true;
        }
        if (!filled) {
            return;
        }
        Object l7 = get(r, "l7_protocol");
        if ((l7 == null || (Integer) l7 == L7Protocols.NONE) && s.l7Protocol != null) {
            rows.set(r, "l7_protocol", L7Protocols.byName(s.l7Protocol));
            rows.set(r, "l7_protocol_detected", s.l7Protocol);
        }
        Object source = get(r, "l7_source");
        rows.set(r, "l7_source", source == null ? "hubble" : source + "+hubble");
    }

    /** The URL's path, its query redacted to "?" unless --keep-query (as flowlens's own HTTP parser does). */
    private String path(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI u = new URI(url);
            String p = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
            return u.getRawQuery() == null ? p : keepQuery ? p + "?" + u.getRawQuery() : p + "?";
        } catch (java.net.URISyntaxException e) {
            int q = url.indexOf('?');
            return q < 0 || keepQuery ? url : url.substring(0, q + 1);
        }
    }

    private static boolean empty(Row r, String... columns) {
        for (String c : columns) {
            if (get(r, c) != null) {
                return false;
            }
        }
        return true;
    }

    private static Object get(Row r, String column) {
        return r.getField(FlowSchema.FLOWS.index(column));
    }

    private static String text(Row r, String column) {
        return (String) get(r, column);
    }
}
