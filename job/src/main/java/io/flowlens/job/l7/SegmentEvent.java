package io.flowlens.job.l7;

/**
 * An L7 message start on its way from the source reader to its flow's sessions (keyed by flow id), with the flow's
 * identity oriented initiator first so transactions carry it. ICMP messages travel the same way with their type,
 * code, id and sequence number as {@link #bytes} (kernel class {@link #ICMP}). A Flink POJO.
 */
public class SegmentEvent {
    /** Pseudo kernel class for ICMP/ICMPv6 messages: bytes = type, code, id (2), seq (2). */
    public static final int ICMP = 100;

    public String flowId;
    public String node;
    public String srcIp, dstIp;
    public int srcPort, dstPort, ipProtocol;
    public boolean fromClient;
    public long tsNanos;
    public int kernelClass;
    public long seq;
    public long payloadLength;
    public byte[] bytes;

    public SegmentEvent() {}

    public L7Segment segment() {
        return new L7Segment(fromClient, tsNanos, kernelClass, seq, payloadLength, bytes);
    }
}
