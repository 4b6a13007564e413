package io.flowlens.job.flow;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One flow's packets within one window, pre-aggregated in the source reader: the record that leaves the reader and
 * the accumulator the window merges (slices of one flow and window from several nodes or files add up). A Flink
 * POJO: public fields, a no-arg constructor. Times are epoch nanoseconds, sizes are frame bytes. "fwd" is the
 * initiator's direction. Serialised by {@link FlowSliceSerializer} (every field, in order: add a field there too).
 */
@TypeInfo(FlowSliceTypeInfo.Factory.class)
public class FlowSlice {
    // identity
    public String flowId;
    public String node;
    public String srcIp;
    public String dstIp;
    public int srcPort;
    public int dstPort;
    public int protocol;
    public int ipVersion;
    public long windowStartMs;
    /** Interfaces the flow was seen on, sorted, comma-separated. */
    public String interfaces;
    /** Bit i set: the kernel's L7 signature class i was seen (enum fl_l7_class). */
    public int l7Classes;

    // volume
    public long fwdPackets, bwdPackets, fwdBytes, bwdBytes;
    public long minSize = Long.MAX_VALUE, maxSize;
    public double sumSizeSquares;
    public long firstNs = Long.MAX_VALUE, lastNs = Long.MIN_VALUE;
    /** Gaps between consecutive packets inside the slice: count, sum, sum of squares (ns, ns²). */
    public long gapCount;
    public double gapSumNs, gapSumSquaresNs;
    public long connectionStartNs = Long.MAX_VALUE;

    // TCP flags (segments carrying each)
    public long syn, synAck, fin, rst, psh, ack, urg, ece, cwr;

    // TCP analysis
    public long retransmissions, spuriousRetransmissions, outOfOrder, zeroWindow;
    public long zeroWindowNs;
    public long maxConsecutiveRetransmissions;
    public long dataSegments, retransmittedDataSegments;
    public long handshakeRttNs = -1;
    public long rttSamples;
    public double rttSumNs, rttJitterSumNs;
    public long rttJitterSamples;
    /** enum ConnectionState ordinal at the slice's end, -1 for non-TCP. */
    public int connectionState = -1;
    public boolean halfOpen;

    // ICMP
    public long echoRttSamples;
    public double echoRttSumNs;
    public long icmpUnreachable, icmpTimeExceeded;

    public FlowSlice() {}

    public long packets() {
        return fwdPackets + bwdPackets;
    }

    public long bytes() {
        return fwdBytes + bwdBytes;
    }

    /** Sum of frame sizes, for the mean. */
    public long sizeSum() {
        return bytes();
    }
}
