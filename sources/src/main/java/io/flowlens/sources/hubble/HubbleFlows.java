package io.flowlens.sources.hubble;

import io.flowlens.sources.hubble.api.DropReason;
import io.flowlens.sources.hubble.api.Endpoint;
import io.flowlens.sources.hubble.api.Flow;
import io.flowlens.sources.hubble.api.Layer4;
import io.flowlens.sources.hubble.api.Layer7;
import io.flowlens.sources.hubble.api.Service;
import io.flowlens.sources.hubble.api.Verdict;
import io.flowlens.sources.hubble.api.Workload;
import java.util.ArrayList;
import java.util.List;

/** Turns Hubble's {@link Flow} messages into {@link HubbleFlow}s. */
public final class HubbleFlows {
    private HubbleFlows() {}

    /**
     * The flow, or null when it cannot be matched to a 5-tuple (no IP layer, or an L4 protocol flowlens does not
     * key flows by).
     *
     * @param fallbackNode the response's node_name, used when the flow carries none
     */
    public static HubbleFlow of(Flow f, String fallbackNode) {
        if (!f.hasIP() || f.getIP().getSource().isEmpty() || f.getIP().getDestination().isEmpty() || !f.hasL4()) {
            return null;
        }
        HubbleFlow h = new HubbleFlow();
        if (!l4(f.getL4(), h)) {
            return null;
        }
        h.timeNanos = f.getTime().getSeconds() * 1_000_000_000L + f.getTime().getNanos();
        h.node = !f.getNodeName().isEmpty() ? f.getNodeName() : fallbackNode == null || fallbackNode.isEmpty() ? null : fallbackNode;
        h.srcIp = f.getIP().getSource();
        h.dstIp = f.getIP().getDestination();
        h.verdict = f.getVerdict() == Verdict.VERDICT_UNKNOWN ? null : name(f.getVerdict(), f.getVerdictValue());
        int reason = f.getDropReasonDescValue() != 0 ? f.getDropReasonDescValue() : f.getDropReason();
        if (reason != 0) {
            DropReason r = DropReason.forNumber(reason);
            h.dropReason = r == null ? Integer.toString(reason) : r.name();
        }
        h.policyDenied = reason == DropReason.POLICY_DENIED_VALUE || reason == DropReason.POLICY_DENY_VALUE
                || f.getEgressDeniedByCount() > 0 || f.getIngressDeniedByCount() > 0;
        h.type = f.getTypeValue() == 0 ? null : name(f.getType(), f.getTypeValue());
        h.reply = f.hasIsReply() ? f.getIsReply().getValue() : null;
        if (f.hasSource()) {
            Endpoint e = f.getSource();
            h.srcNamespace = empty(e.getNamespace());
            h.srcPod = empty(e.getPodName());
            h.srcWorkload = workload(e.getWorkloadsList());
            h.srcLabels = podLabels(e.getLabelsList());
            h.srcIdentity = e.getIdentity() == 0 ? null : (long) e.getIdentity();
        }
        if (f.hasDestination()) {
            Endpoint e = f.getDestination();
            h.dstNamespace = empty(e.getNamespace());
            h.dstPod = empty(e.getPodName());
            h.dstWorkload = workload(e.getWorkloadsList());
            h.dstLabels = podLabels(e.getLabelsList());
            h.dstIdentity = e.getIdentity() == 0 ? null : (long) e.getIdentity();
        }
        h.srcService = service(f.hasSourceService() ? f.getSourceService() : null);
        h.dstService = service(f.hasDestinationService() ? f.getDestinationService() : null);
        if (f.hasL7()) {
            l7(f.getL7(), h);
        }
        return h;
    }

    private static boolean l4(Layer4 l4, HubbleFlow h) {
        switch (l4.getProtocolCase()) {
            case TCP -> {
                h.protocol = 6;
                h.srcPort = l4.getTCP().getSourcePort();
                h.dstPort = l4.getTCP().getDestinationPort();
            }
            case UDP -> {
                h.protocol = 17;
                h.srcPort = l4.getUDP().getSourcePort();
                h.dstPort = l4.getUDP().getDestinationPort();
            }
            case SCTP -> {
                h.protocol = 132;
                h.srcPort = l4.getSCTP().getSourcePort();
                h.dstPort = l4.getSCTP().getDestinationPort();
            }
            case ICMPV4 -> h.protocol = 1; // flowlens keys ICMP flows with ports 0
            case ICMPV6 -> h.protocol = 58;
            default -> {
                return false;
            }
        }
        return true;
    }

    private static void l7(Layer7 l7, HubbleFlow h) {
        h.l7Type = l7.getTypeValue() == 0 ? null : name(l7.getType(), l7.getTypeValue());
        boolean response = "RESPONSE".equals(h.l7Type);
        h.l7LatencyNs = l7.getLatencyNs() == 0 ? null : l7.getLatencyNs();
        switch (l7.getRecordCase()) {
            case HTTP -> {
                h.httpMethod = empty(l7.getHttp().getMethod());
                h.httpUrl = empty(l7.getHttp().getUrl());
                h.httpCode = response || l7.getHttp().getCode() != 0 ? (Integer) l7.getHttp().getCode() : null;
            }
            case DNS -> {
                h.dnsQuery = empty(l7.getDns().getQuery());
                h.dnsRcode = response ? (Integer) l7.getDns().getRcode() : null; // 0 is NOERROR only in a response
            }
            case KAFKA -> {
                h.kafkaApiKey = empty(l7.getKafka().getApiKey());
                h.kafkaErrorCode = response ? (Integer) l7.getKafka().getErrorCode() : null;
                h.kafkaTopic = empty(l7.getKafka().getTopic());
            }
            default -> { }
        }
    }

    /** The enum's name, or its number for a value this build does not know (proto3 enums are open). */
    private static String name(Enum<?> e, int number) {
        return e.name().equals("UNRECOGNIZED") ? Integer.toString(number) : e.name();
    }

    private static String empty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static String service(Service s) {
        return s == null ? null : empty(s.getName());
    }

    /** "Kind/name" of the first workload ("Deployment/reviews-v1"), or null. */
    static String workload(List<Workload> ws) {
        for (Workload w : ws) {
            if (!w.getName().isEmpty()) {
                return w.getKind().isEmpty() ? w.getName() : w.getKind() + "/" + w.getName();
            }
        }
        return null;
    }

    /**
     * The pod's own Kubernetes labels from Cilium's endpoint labels: only the "k8s:" source, without the labels
     * Cilium derives from the namespace, the service account and the cluster ("io.cilium.k8s.*",
     * "io.kubernetes.pod.namespace"); "k=v" sorted, comma-separated (label values cannot hold commas), or null.
     */
    static String podLabels(List<String> labels) {
        List<String> own = new ArrayList<>();
        for (String l : labels) {
            if (!l.startsWith("k8s:")) {
                continue;
            }
            String kv = l.substring(4);
            if (kv.startsWith("io.cilium.k8s.") || kv.startsWith("io.kubernetes.pod.namespace=")) {
                continue;
            }
            own.add(kv);
        }
        if (own.isEmpty()) {
            return null;
        }
        own.sort(null);
        return String.join(",", own);
    }
}
