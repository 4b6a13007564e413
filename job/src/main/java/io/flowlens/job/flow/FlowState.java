package io.flowlens.job.flow;

import io.flowlens.job.tcp.TcpFlowAnalyzer;
import io.flowlens.job.tcp.TcpSliceCounters;

/**
 * One flow in the reader: who initiated it, where it was seen, and the running aggregates of its current window
 * slice, keyed by its own (inherited) 5-tuple fields. Only primitives (plus the TCP analyzer for TCP flows), so a
 * flow costs a few hundred bytes however many packets it carries.
 */
final class FlowState extends FlowKey {

    /** The initiator is the "lo" endpoint of the key. */
    boolean loInitiates;
    /** The interface that first saw each direction: a packet seen again on another monitored interface counts once. */
    int fwdInterface = -1, bwdInterface = -1;
    /** The first four interfaces the flow was seen on, in order: fields rather than an array, one object less per flow. */
    private int if0, if1, if2, if3;
    private byte interfaceCount; // bytes where a value is small: with the ints above, the object shrinks by 8
    final TcpFlowAnalyzer tcp;
    byte ipVersion;
    /** Records from a capture file (direction unknown): interface numbers are the file's, not this host's. */
    boolean replayed;

    long connectionStartNs;
    long lastSeenNs;
    /** Window slice being filled (epoch ms of its window start), or -1 when the slice is empty. */
    long sliceWindowMs = -1;
    /*
     * Per-slice counts are ints, bytes and times longs: every count is at most the slice's packets, and a slice is
     * drained before those could pass SLICE_PACKET_LIMIT (see FlowSlicer), so none can overflow. Ints save 56 bytes
     * on each of 100 k flows.
     */
    int fwdPackets, bwdPackets;
    long fwdBytes, bwdBytes;
    int minSize, maxSize;
    double sumSizeSquares;
    long firstNs, lastNs;
    int gapCount;
    double gapSumNs, gapSumSquaresNs;
    int syn, synAck, fin, rst, psh, ack, urg, ece, cwr;
    int l7Classes;
    /** Null until the flow's first ICMP packet. */
    private IcmpState icmp;

    FlowState(FlowKey key, boolean tcp) {
        setKey(key);
        this.tcp = tcp ? new TcpFlowAnalyzer() : null;
    }

    /** Counts a packet into the slice of window {@code windowMs}. */
    void add(long tsNs, long windowMs, boolean forward, long frameBytes, int wirePackets, int tcpFlags) {
        if (sliceWindowMs != windowMs) {
            sliceWindowMs = windowMs;
            minSize = Integer.MAX_VALUE;
            maxSize = 0;
            firstNs = tsNs;
            lastNs = tsNs;
        } else if (tsNs >= lastNs) {
            long gap = tsNs - lastNs;
            gapCount++;
            gapSumNs += gap;
            gapSumSquaresNs += (double) gap * gap;
        }
        lastNs = Math.max(lastNs, tsNs);
        lastSeenNs = Math.max(lastSeenNs, tsNs);
        int perPacket = (int) Math.min(Integer.MAX_VALUE, frameBytes / wirePackets);
        if (forward) {
            fwdPackets += wirePackets;
            fwdBytes += frameBytes;
        } else {
            bwdPackets += wirePackets;
            bwdBytes += frameBytes;
        }
        minSize = Math.min(minSize, perPacket);
        maxSize = Math.max(maxSize, perPacket);
        sumSizeSquares += (double) perPacket * perPacket * wirePackets;
        if (tcpFlags != 0) {
            countFlags(tcpFlags, wirePackets);
        }
    }

    /**
     * Counts a record's flags over the {@code n} wire segments it stands for. GSO segmentation (tcp_gso_segment)
     * leaves FIN and PSH on the last segment only and CWR on the first only; the other flags are on every segment.
     */
    private void countFlags(int f, int n) {
        if ((f & 0x02) != 0) {
            if ((f & 0x10) != 0) {
                synAck += n;
            } else {
                syn += n;
            }
        }
        fin += f & 0x01;
        rst += (f & 0x04) != 0 ? n : 0;
        psh += (f & 0x08) != 0 ? 1 : 0;
        ack += (f & 0x10) != 0 ? n : 0;
        urg += (f & 0x20) != 0 ? n : 0;
        ece += (f & 0x40) != 0 ? n : 0;
        cwr += (f & 0x80) != 0 ? 1 : 0;
    }

    /** ICMP/ICMPv6 bookkeeping: echo RTT by (id, seq), error counts. */
    void icmp(int protocol, int type, int id, int seq, long tsNs) {
        if (icmp == null) {
            icmp = new IcmpState();
        }
        icmp.add(protocol, type, id, seq, tsNs);
    }

    /** Remembers an interface the flow was seen on (the first few). */
    void seenOn(int ifindex) {
        int n = interfaceCount;
        if (n > 0 && if0 == ifindex || n > 1 && if1 == ifindex || n > 2 && if2 == ifindex || n > 3 && if3 == ifindex) {
            return;
        }
        switch (n) {
            case 0 -> if0 = ifindex;
            case 1 -> if1 = ifindex;
            case 2 -> if2 = ifindex;
            case 3 -> if3 = ifindex;
            default -> {
                return; // four kept, as before
            }
        }
        interfaceCount = (byte) (n + 1);
    }

    /** The interfaces seen since the slice started, in the order first seen. */
    int[] interfaces() {
        return java.util.Arrays.copyOf(new int[] {if0, if1, if2, if3}, interfaceCount);
    }

    /** Reads a field from each cache line of this flow's own state (not its TCP analysis), for FlowSlicer's prefetch. */
    long touch() {
        // fields at most 64 bytes apart in the layout (key first, then longs and doubles, ints, small ones, refs)
        return loHigh + lastSeenNs + (long) gapSumNs + if3 + fwdPackets + l7Classes + (tcp == null ? 0 : 1);
    }

    boolean hasSlice() {
        return sliceWindowMs >= 0;
    }

    /**
     * A slice holding more packets than this is drained before the next packet (into another slice of the same
     * window, which the window merges): a record stands for at most 65 535 wire packets (GSO), so no int count of the
     * slice can overflow.
     */
    static final int SLICE_PACKET_LIMIT = Integer.MAX_VALUE - 65_536;

    boolean sliceFull() {
        return fwdPackets + (long) bwdPackets > SLICE_PACKET_LIMIT;
    }

    /** Moves the slice's aggregates into a new FlowSlice and empties the slice. */
    FlowSlice drain(String node, long windowMs, TcpSliceCounters tcpOut) {
        FlowSlice s = new FlowSlice();
        FlowIdentity.fill(s, this, node);
        s.windowStartMs = sliceWindowMs;
        s.l7Classes = l7Classes;
        s.fwdPackets = fwdPackets; s.bwdPackets = bwdPackets; s.fwdBytes = fwdBytes; s.bwdBytes = bwdBytes;
        s.minSize = minSize; s.maxSize = maxSize; s.sumSizeSquares = sumSizeSquares;
        s.firstNs = firstNs; s.lastNs = lastNs;
        s.gapCount = gapCount; s.gapSumNs = gapSumNs; s.gapSumSquaresNs = gapSumSquaresNs;
        s.connectionStartNs = connectionStartNs;
        s.syn = syn; s.synAck = synAck; s.fin = fin; s.rst = rst; s.psh = psh; s.ack = ack; s.urg = urg; s.ece = ece; s.cwr = cwr;
        if (icmp != null) {
            s.echoRttSamples = icmp.echoRttSamples; s.echoRttSumNs = icmp.echoRttSumNs;
            s.icmpUnreachable = icmp.unreachable; s.icmpTimeExceeded = icmp.timeExceeded;
        }
        if (tcp != null) {
            tcp.drainSlice((sliceWindowMs + windowMs) * 1_000_000L, tcpOut);
            s.retransmissions = tcpOut.retransmissions();
            s.spuriousRetransmissions = tcpOut.spuriousRetransmissions();
            s.outOfOrder = tcpOut.outOfOrder();
            s.zeroWindow = tcpOut.zeroWindows();
            s.zeroWindowNs = tcpOut.zeroWindowNanos();
            s.maxConsecutiveRetransmissions = tcpOut.maxConsecutiveRetransmissions();
            s.dataSegments = tcpOut.dataPackets();
            s.retransmittedDataSegments = tcpOut.resentSegments();
            s.handshakeRttNs = tcp.handshakeRttNanos();
            s.rttSamples = tcpOut.rttSamples();
            s.rttSumNs = tcpOut.rttSumNanos();
            s.rttJitterSamples = tcpOut.rttJitterSamples();
            s.rttJitterSumNs = tcpOut.rttJitterSumNanos();
            s.connectionState = tcpOut.state().ordinal();
            s.halfOpen = tcpOut.halfOpen();
        }
        clearSlice();
        return s;
    }

    private void clearSlice() {
        sliceWindowMs = -1;
        fwdPackets = bwdPackets = 0;
        fwdBytes = bwdBytes = 0;
        sumSizeSquares = 0;
        gapCount = 0;
        gapSumNs = gapSumSquaresNs = 0;
        syn = synAck = fin = rst = psh = ack = urg = ece = cwr = 0;
        l7Classes = 0;
        if (icmp != null) {
            icmp.clearSlice();
        }
        interfaceCount = 0;
    }
}
