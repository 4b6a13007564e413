package io.flowlens.sources.hubble;

import java.io.Serializable;

/**
 * One Hubble flow event, flattened to what flowlens merges into its rows. Endpoints are as Hubble saw this packet
 * ({@code src*} is the packet's sender, not necessarily the connection's initiator). Empty or unknown values are
 * null. A Flink POJO: public fields, no-arg constructor.
 */
public final class HubbleFlow implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Hubble's event time, Unix epoch ns. */
    public long timeNanos;
    /** Node that observed it (Hubble's node_name, "cluster/node" through a multi-cluster relay). */
    public String node;
    /** IP protocol number: 6, 17, 1, 58, 132. */
    public int protocol;
    public String srcIp;
    public int srcPort;
    public String dstIp;
    public int dstPort;
    /** FORWARDED, DROPPED, ERROR, AUDIT, REDIRECTED, TRACED, TRANSLATED; null when unknown. */
    public String verdict;
    /** Drop reason name (POLICY_DENIED, ...), or its number when this build does not know the name; null if none. */
    public String dropReason;
    /** A network policy denied it (a policy drop reason, or a denying policy named). */
    public boolean policyDenied;
    /** L3_L4, L7 or SOCK. */
    public String type;
    /** Hubble's is_reply: null when unknown. */
    public Boolean reply;

    public String srcNamespace;
    public String srcPod;
    /** "Kind/name" of the source pod's first workload. */
    public String srcWorkload;
    /** The source pod's Kubernetes labels, "k=v" comma-separated, sorted. */
    public String srcLabels;
    public Long srcIdentity;
    public String srcService;
    public String dstNamespace;
    public String dstPod;
    public String dstWorkload;
    public String dstLabels;
    public Long dstIdentity;
    public String dstService;

    /** REQUEST, RESPONSE or SAMPLE for L7 records, else null. */
    public String l7Type;
    /** L7 latency (responses), ns. */
    public Long l7LatencyNs;
    public String httpMethod;
    public String httpUrl;
    /** HTTP status (responses). */
    public Integer httpCode;
    public String dnsQuery;
    /** DNS rcode (responses). */
    public Integer dnsRcode;
    /** Kafka API name as Cilium writes it ("produce", "fetch"). */
    public String kafkaApiKey;
    public Integer kafkaErrorCode;
    public String kafkaTopic;

    public HubbleFlow() {}

    /** Event time in Unix epoch ms. */
    public long timeMillis() {
        return Math.floorDiv(timeNanos, 1_000_000L);
    }

    @Override
    public String toString() {
        return "HubbleFlow{" + timeNanos + " " + node + " " + protocol + " " + srcIp + ":" + srcPort + " -> " + dstIp + ":"
                + dstPort + " " + verdict + (dropReason == null ? "" : " " + dropReason) + " " + type + "}";
    }
}
