package io.flowlens.job.tcp;

/**
 * TCP analysis counts of one flow over one window slice. {@link TcpFlowAnalyzer#drainSlice} copies them into a
 * caller-owned instance (one per reader, not per flow) and starts the next slice at zero; state that outlives a
 * slice (an open zero window, a run of retransmissions, the previous RTT sample for jitter) stays in the analyzer.
 * Packet counts are wire packets: a GSO super-packet of n segments counts n.
 */
public final class TcpSliceCounters implements java.io.Serializable {
    long packets;
    long dataPackets;
    long retransmissions;
    long fastRetransmissions;
    long spuriousRetransmissions;
    long outOfOrder;
    long zeroWindows;
    long zeroWindowNanos;
    int maxConsecutiveRetransmissions;
    long keepAlives;
    long duplicateAcks;
    long lostSegments;
    long syns;
    long synAcks;
    long rttSamples;
    long rttSumNanos;
    long rttJitterSamples;
    long rttJitterSumNanos;
    ConnectionState state = ConnectionState.NEW;
    boolean halfOpen;

    /** TCP packets of the flow, both directions. */
    public long packets() { return packets; }
    /** Packets carrying payload. */
    public long dataPackets() { return dataPackets; }
    /** tshark's {@code tcp.analysis.retransmission}: plain, fast and spurious retransmissions together. */
    public long retransmissions() { return retransmissions; }
    /** The part of {@link #retransmissions()} that tshark calls fast retransmissions. */
    public long fastRetransmissions() { return fastRetransmissions; }
    /** The part of {@link #retransmissions()} that resent data already acknowledged. */
    public long spuriousRetransmissions() { return spuriousRetransmissions; }
    /** tshark's {@code tcp.analysis.out_of_order}. */
    public long outOfOrder() { return outOfOrder; }
    /** tshark's {@code tcp.analysis.zero_window}: packets advertising a zero receive window. */
    public long zeroWindows() { return zeroWindows; }
    /** ns within this slice during which either direction advertised a zero window (both directions add up). */
    public long zeroWindowNanos() { return zeroWindowNanos; }
    /** Longest run of retransmitted segments in one direction, counting a run's length where it stood this slice. */
    public int maxConsecutiveRetransmissions() { return maxConsecutiveRetransmissions; }
    /** tshark's {@code tcp.analysis.keep_alive}. */
    public long keepAlives() { return keepAlives; }
    /** tshark's {@code tcp.analysis.duplicate_ack}. */
    public long duplicateAcks() { return duplicateAcks; }
    /** tshark's {@code tcp.analysis.lost_segment}: gaps in a direction's sequence space (lost before the capture point). */
    public long lostSegments() { return lostSegments; }
    /** SYN packets without ACK (retransmitted SYNs count again). */
    public long syns() { return syns; }
    /** SYN-ACK packets. */
    public long synAcks() { return synAcks; }
    /** RTT samples taken from data segments and the ACKs that cover them (Karn's rule: none across a retransmission). */
    public long rttSamples() { return rttSamples; }
    /** Sum of the RTT samples in ns (with {@link #rttSamples()}, slices merge exactly). */
    public long rttSumNanos() { return rttSumNanos; }
    /** Consecutive-sample RTT differences taken. */
    public long rttJitterSamples() { return rttJitterSamples; }
    /** Sum of those differences' absolute values in ns. */
    public long rttJitterSumNanos() { return rttJitterSumNanos; }
    /** Connection state at the end of the slice. */
    public ConnectionState state() { return state; }
    /** True when the connection's SYN has had no SYN-ACK by the end of the slice. */
    public boolean halfOpen() { return halfOpen; }

    /** Retransmissions per packet, 0 without packets. */
    public double retransmissionRate() {
        return packets == 0 ? 0 : (double) retransmissions / packets;
    }

    /**
     * Loss estimate: resent data segments per data packet, 0 without data. A resend is a retransmission (less spurious
     * ones) or an out-of-order segment: Wireshark calls a resend that fills a gap within one RTT of the newest segment
     * out of order, and a segment lost before the capture point is seen once, as its resend. Gaps (lost_segment) are
     * not added: the resend that fills one is already counted.
     */
    public long resentSegments() {
        return retransmissions - spuriousRetransmissions + outOfOrder;
    }

    public double lossRate() {
        return dataPackets == 0 ? 0 : Math.min(1.0, (double) resentSegments() / dataPackets);
    }

    /** SYNs per SYN-ACK; with no SYN-ACK, the SYN count itself (a ratio to one answer), so the value stays finite. */
    public double synToSynAckRatio() {
        return (double) syns / Math.max(1, synAcks);
    }

    /** Mean RTT in ns, or -1 without samples. */
    public long meanRttNanos() {
        return rttSamples == 0 ? -1 : rttSumNanos / rttSamples;
    }

    /** Mean absolute difference between consecutive RTT samples in ns (RFC 3550 style jitter), or -1 without any. */
    public long rttJitterNanos() {
        return rttJitterSamples == 0 ? -1 : rttJitterSumNanos / rttJitterSamples;
    }
}
