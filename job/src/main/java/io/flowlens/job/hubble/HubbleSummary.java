package io.flowlens.job.hubble;

import io.flowlens.sources.hubble.HubbleFlow;

/**
 * What Hubble said about one flow in one window: both endpoints' Kubernetes context, the last verdict and drop
 * reason, whether anything was dropped or denied, and the last L7 request and response Hubble's proxy recorded.
 * "Last" is by Hubble's flow time. No packet or byte counts: those come from flowlens's own capture only.
 */
public final class HubbleSummary {
    public String flowId;
    public long windowStartMs;
    public HubbleEndpoint a;
    public HubbleEndpoint b;
    public String verdict;
    public long verdictNanos = Long.MIN_VALUE;
    public String dropReason;
    public long dropNanos = Long.MIN_VALUE;
    /** Any flow DROPPED, or denied by policy. */
    public boolean blocked;
    /** http, dns or kafka: the protocol of the last L7 record. */
    public String l7Protocol;
    public long l7Nanos = Long.MIN_VALUE;
    public String httpMethod;
    public String httpUrl;
    public long requestNanos = Long.MIN_VALUE;
    public Integer httpCode;
    public long responseNanos = Long.MIN_VALUE;
    public long httpLatencySumNs;
    public int httpLatencyCount;
    public String dnsQuery;
    public Integer dnsRcode;
    public String kafkaApiKey;
    public Integer kafkaErrorCode;

    public HubbleSummary() {}

    /** Adds one Hubble flow (its addresses already in flowlens's text form). */
    public void add(HubbleFlow f) {
        endpoint(HubbleEndpoint.key(f.srcIp, f.srcPort))
                .merge(f.srcNamespace, f.srcPod, f.srcWorkload, f.srcLabels, f.srcIdentity, f.srcService);
        endpoint(HubbleEndpoint.key(f.dstIp, f.dstPort))
                .merge(f.dstNamespace, f.dstPod, f.dstWorkload, f.dstLabels, f.dstIdentity, f.dstService);
        long t = f.timeNanos;
        if (f.verdict != null && t >= verdictNanos) {
            verdict = f.verdict;
            verdictNanos = t;
        }
        if (f.dropReason != null && t >= dropNanos) {
            dropReason = f.dropReason;
            dropNanos = t;
        }
        blocked |= "DROPPED".equals(f.verdict) || f.policyDenied;
        addL7(f, t);
    }

    private void addL7(HubbleFlow f, long t) {
        String protocol = f.httpMethod != null || f.httpCode != null || f.httpUrl != null ? "http"
                : f.dnsQuery != null || f.dnsRcode != null ? "dns"
                : f.kafkaApiKey != null || f.kafkaErrorCode != null ? "kafka" : null;
        if (protocol == null) {
            return;
        }
        if (t >= l7Nanos) {
            l7Protocol = protocol;
            l7Nanos = t;
        }
        boolean response = "RESPONSE".equals(f.l7Type);
        if (response ? t < responseNanos : t < requestNanos) {
            return; // an older record than the one kept
        }
        switch (protocol) {
            case "http" -> {
                if (response) {
                    httpCode = f.httpCode;
                    if (f.l7LatencyNs != null) {
                        httpLatencySumNs += f.l7LatencyNs;
                        httpLatencyCount++;
                    }
                } else {
                    httpMethod = f.httpMethod;
                    httpUrl = f.httpUrl;
                }
            }
            case "dns" -> {
                dnsQuery = f.dnsQuery != null ? f.dnsQuery : dnsQuery;
                if (response) {
                    dnsRcode = f.dnsRcode;
                }
            }
            default -> {
                kafkaApiKey = f.kafkaApiKey != null ? f.kafkaApiKey : kafkaApiKey;
                if (response) {
                    kafkaErrorCode = f.kafkaErrorCode;
                }
            }
        }
        if (response) {
            responseNanos = t;
        } else {
            requestNanos = t;
        }
    }

    private HubbleEndpoint endpoint(String key) {
        if (a == null || a.key.equals(key)) {
            return a == null ? (a = new HubbleEndpoint(key)) : a;
        }
        if (b == null || b.key.equals(key)) {
            return b == null ? (b = new HubbleEndpoint(key)) : b;
        }
        return new HubbleEndpoint(key); // a third address on one flow_id cannot happen; kept nowhere
    }

    /** The endpoint at ip and port, or null when Hubble said nothing of it. */
    public HubbleEndpoint endpoint(String ip, int port) {
        String key = HubbleEndpoint.key(ip, port);
        return a != null && a.key.equals(key) ? a : b != null && b.key.equals(key) ? b : null;
    }

    /** Merges another partial summary of the same flow and window into this one. */
    public HubbleSummary merge(HubbleSummary o) {
        for (HubbleEndpoint e : new HubbleEndpoint[] {o.a, o.b}) {
            if (e != null) {
                endpoint(e.key).merge(e);
            }
        }
        if (o.verdictNanos >= verdictNanos && o.verdict != null) {
            verdict = o.verdict;
            verdictNanos = o.verdictNanos;
        }
        if (o.dropNanos >= dropNanos && o.dropReason != null) {
            dropReason = o.dropReason;
            dropNanos = o.dropNanos;
        }
        blocked |= o.blocked;
        if (o.l7Nanos >= l7Nanos && o.l7Protocol != null) {
            l7Protocol = o.l7Protocol;
            l7Nanos = o.l7Nanos;
        }
        if (o.requestNanos >= requestNanos && o.requestNanos != Long.MIN_VALUE) {
            httpMethod = o.httpMethod != null ? o.httpMethod : httpMethod;
            httpUrl = o.httpUrl != null ? o.httpUrl : httpUrl;
            dnsQuery = o.dnsQuery != null ? o.dnsQuery : dnsQuery;
            kafkaApiKey = o.kafkaApiKey != null ? o.kafkaApiKey : kafkaApiKey;
            requestNanos = o.requestNanos;
        }
        if (o.responseNanos >= responseNanos && o.responseNanos != Long.MIN_VALUE) {
            httpCode = o.httpCode != null ? o.httpCode : httpCode;
            dnsRcode = o.dnsRcode != null ? o.dnsRcode : dnsRcode;
            kafkaErrorCode = o.kafkaErrorCode != null ? o.kafkaErrorCode : kafkaErrorCode;
            responseNanos = o.responseNanos;
        }
        httpLatencySumNs += o.httpLatencySumNs;
        httpLatencyCount += o.httpLatencyCount;
        return this;
    }
}
