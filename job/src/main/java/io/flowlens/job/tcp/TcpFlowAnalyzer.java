package io.flowlens.job.tcp;

import static io.flowlens.job.tcp.TcpAnalysisFlags.*;

import io.flowlens.sources.bpf.PacketView;

/**
 * Per-connection TCP analysis, fed every packet of one TCP flow in capture order on the reader thread. It classifies
 * each packet by Wireshark's rules ({@link TcpSequenceRules}), counts the results into the current window slice, and
 * tracks the connection's state, handshake RTT, RTT samples and zero-window time. It allocates nothing per packet and
 * holds only primitives and two {@link TcpDirection}s: the reader keeps one per active TCP flow, so the slice's counts
 * are fields here (ints) rather than an object of their own, and {@link #drainSlice} copies them out.
 *
 * <p>"Forward" is the connection's initiator (the SYN sender, else the sender of the first packet seen, see
 * {@link #initiatorSent}); the caller decides it once per connection and passes it with every packet. When
 * {@link #startsNewConnection} says a packet opens a new connection on the same 5-tuple, the caller drains the slice,
 * calls {@link #reset()} and feeds the packet again as the first of the new connection.
 *
 * <p>Not thread-safe: one reader thread owns it.
 */
public final class TcpFlowAnalyzer implements java.io.Serializable {
    private static final long NONE = TcpDirection.NONE;

    private final TcpDirection forward = new TcpDirection();
    private final TcpDirection reverse = new TcpDirection();
    /*
     * The current slice's counts. Each is at most the slice's packets, and the reader drains a slice before its
     * packets near Integer.MAX_VALUE (FlowState.SLICE_PACKET_LIMIT), so ints do not overflow.
     */
    private int packets, dataPackets, retransmissions, fastRetransmissions, spuriousRetransmissions, outOfOrder;
    private int zeroWindows, keepAlives, duplicateAcks, lostSegments, syns, synAcks;
    private int maxConsecutiveRetransmissions, rttSamples, rttJitterSamples;
    private long zeroWindowNanos, rttSumNanos, rttJitterSumNanos;
    private ConnectionState state = ConnectionState.NEW;
    private boolean synSeen;
    private boolean synAckSeen;
    private long lastSynNanos = NONE;
    private long synAckNanos = NONE;
    /** SYN to the first pure ACK after it, as tshark's tcp.analysis.initial_rtt; 0 while unknown (as in Wireshark). */
    private long handshakeRttNanos;
    private long lastRttNanos = NONE;

    /**
     * Whether the sender of a connection's first seen packet is its initiator: yes, unless that packet is a SYN-ACK
     * (then the SYN was missed and its receiver started the connection).
     */
    public static boolean initiatorSent(int firstTcpFlags) {
        return !TcpFlags.isSynAck(firstTcpFlags);
    }

    /**
     * Whether this packet starts a new connection on the same 5-tuple: a SYN whose sequence number differs from the
     * initial one of its direction (Wireshark's "TCP port numbers reused"). A repeated SYN with the same ISN is a
     * retransmission of the same connection.
     */
    public boolean startsNewConnection(boolean fromInitiator, int tcpFlags, long seq) {
        TcpDirection d = fromInitiator ? forward : reverse;
        return TcpFlags.isSyn(tcpFlags) && d.baseSeqSet && (int) seq != d.baseSeq;
    }

    /** One packet from a capture record; see {@link #onPacket(boolean, long, long, long, int, int, long, int)}. */
    public int onPacket(PacketView p, long nowNanos, boolean fromInitiator) {
        return onPacket(fromInitiator, nowNanos, p.seq(), p.ack(), p.tcpFlags(), p.window(), p.l4PayloadLength(),
                p.gsoSegments());
    }

    /**
     * Analyses one packet and counts it into the current slice.
     *
     * @param fromInitiator  true when sent by the connection's initiator
     * @param nowNanos       capture time, ns (any epoch, the same for every packet of the flow)
     * @param seq            raw 32-bit sequence number (unsigned, as in the record)
     * @param ack            raw 32-bit acknowledgement number
     * @param tcpFlags       the TCP flags byte
     * @param window         the raw 16-bit window field (unscaled)
     * @param payloadLength  TCP payload bytes; for a GSO super-packet, all its segments' together
     * @param gsoSegments    segments a GSO super-packet stands for (0 or 1 for an ordinary packet)
     * @return the packet's {@link TcpAnalysisFlags}
     */
    public int onPacket(boolean fromInitiator, long nowNanos, long seq, long ack, int tcpFlags, int window,
                        long payloadLength, int gsoSegments) {
        TcpDirection fwd = fromInitiator ? forward : reverse;
        TcpDirection rev = fromInitiator ? reverse : forward;
        int seglen = (int) payloadLength;
        int wirePackets = Math.max(1, gsoSegments);
        int s = (int) seq;
        int a = (int) ack;

        int analysis = TcpSequenceRules.analyze(fwd, rev, nowNanos, s, a, seglen, tcpFlags, window, handshakeRttNanos);

        count(analysis, seglen, tcpFlags, wirePackets);
        trackRetransmissionRun(fwd, analysis, seglen, tcpFlags, wirePackets);
        trackZeroWindow(fwd, nowNanos, window, tcpFlags);
        sampleRtt(fwd, rev, nowNanos, s, a, seglen, tcpFlags, analysis);
        trackConnection(fwd, nowNanos, seglen, tcpFlags);
        return analysis;
    }

    private void count(int analysis, int seglen, int tcpFlags, int wirePackets) {
        packets += wirePackets;
        if (seglen > 0) {
            dataPackets += wirePackets;
        }
        if (isRetransmission(analysis)) {
            retransmissions += wirePackets;
        }
        if ((analysis & FAST_RETRANSMISSION) != 0) {
            fastRetransmissions += wirePackets;
        }
        if ((analysis & SPURIOUS_RETRANSMISSION) != 0) {
            spuriousRetransmissions += wirePackets;
        }
        if ((analysis & OUT_OF_ORDER) != 0) {
            outOfOrder += wirePackets;
        }
        if ((analysis & ZERO_WINDOW) != 0) {
            zeroWindows++;
        }
        if ((analysis & KEEP_ALIVE) != 0) {
            keepAlives++;
        }
        if ((analysis & DUPLICATE_ACK) != 0) {
            duplicateAcks++;
        }
        if ((analysis & LOST_SEGMENT) != 0) {
            lostSegments++;
        }
        if (TcpFlags.isSyn(tcpFlags)) {
            syns++;
        } else if (TcpFlags.isSynAck(tcpFlags)) {
            synAcks++;
        }
    }

    /** A run is broken by a segment that carries new sequence space; pure ACKs and keep-alives leave it alone. */
    private void trackRetransmissionRun(TcpDirection fwd, int analysis, int seglen, int tcpFlags, int wirePackets) {
        if (seglen == 0 && (tcpFlags & (TcpFlags.SYN | TcpFlags.FIN)) == 0) {
            return;
        }
        if (isRetransmission(analysis)) {
            fwd.retransmissionRun += wirePackets;
            maxConsecutiveRetransmissions = Math.max(maxConsecutiveRetransmissions, fwd.retransmissionRun);
        } else if ((analysis & (KEEP_ALIVE | ZERO_WINDOW_PROBE)) == 0) {
            fwd.retransmissionRun = 0;
        }
    }

    /** A zero window lasts from its first advertisement until the same side advertises a non-zero one (or resets). */
    private void trackZeroWindow(TcpDirection fwd, long nowNanos, int window, int tcpFlags) {
        if (TcpFlags.has(tcpFlags, TcpFlags.RST)) {
            closeZeroWindow(forward, nowNanos);
            closeZeroWindow(reverse, nowNanos);
        } else if (window == 0 && (tcpFlags & (TcpFlags.SYN | TcpFlags.FIN)) == 0) {
            if (fwd.zeroWindowSinceNanos == NONE) {
                fwd.zeroWindowSinceNanos = nowNanos;
            }
        } else if (window != 0) {
            closeZeroWindow(fwd, nowNanos);
        }
    }

    private void closeZeroWindow(TcpDirection d, long nowNanos) {
        if (d.zeroWindowSinceNanos != NONE) {
            zeroWindowNanos += Math.max(0, nowNanos - d.zeroWindowSinceNanos);
            d.zeroWindowSinceNanos = NONE;
        }
    }

    /**
     * One timed segment per direction at a time: the RTT is from its first transmission to the first ACK covering
     * it. A retransmission in that direction discards the sample (Karn's rule), since the ACK could answer either copy.
     */
    private void sampleRtt(TcpDirection fwd, TcpDirection rev, long nowNanos, int seq, int ack, int seglen,
                           int tcpFlags, int analysis) {
        if (TcpFlags.has(tcpFlags, TcpFlags.ACK) && rev.rttSampleSentNanos != NONE
                && SeqNum.ge(ack, rev.rttSampleEndSeq)) {
            addRttSample(nowNanos - rev.rttSampleSentNanos);
            rev.rttSampleSentNanos = NONE;
        }
        boolean synOrFin = (tcpFlags & (TcpFlags.SYN | TcpFlags.FIN)) != 0;
        if (seglen == 0 && !synOrFin) {
            return;
        }
        if (isRetransmission(analysis)) {
            fwd.rttSampleSentNanos = NONE;
        } else if (fwd.rttSampleSentNanos == NONE && !TcpFlags.has(tcpFlags, TcpFlags.RST)
                && (analysis & (OUT_OF_ORDER | KEEP_ALIVE | ZERO_WINDOW_PROBE)) == 0) {
            fwd.rttSampleEndSeq = seq + seglen + (synOrFin ? 1 : 0);
            fwd.rttSampleSentNanos = nowNanos;
        }
    }

    private void addRttSample(long rttNanos) {
        rttSamples++;
        rttSumNanos += rttNanos;
        if (lastRttNanos != NONE) {
            rttJitterSamples++;
            rttJitterSumNanos += Math.abs(rttNanos - lastRttNanos);
        }
        lastRttNanos = rttNanos;
    }

    private void trackConnection(TcpDirection fwd, long nowNanos, int seglen, int tcpFlags) {
        if (TcpFlags.isSyn(tcpFlags)) {
            synSeen = true;
            lastSynNanos = nowNanos;
        } else if (TcpFlags.isSynAck(tcpFlags)) {
            synAckSeen = true;
            if (synAckNanos == NONE) {
                synAckNanos = nowNanos;
            }
        } else if (TcpFlags.has(tcpFlags, TcpFlags.ACK) && lastSynNanos != NONE && handshakeRttNanos == 0) {
            // after the sequence analysis, as in Wireshark: this ACK's own classification used the old value
            handshakeRttNanos = nowNanos - lastSynNanos;
        }

        if (state == ConnectionState.RESET || state == ConnectionState.CLOSED) {
            return;
        }
        if (TcpFlags.has(tcpFlags, TcpFlags.RST)) {
            state = ConnectionState.RESET;
        } else if (TcpFlags.has(tcpFlags, TcpFlags.FIN)) {
            fwd.finSeen = true;
            state = forward.finSeen && reverse.finSeen ? ConnectionState.CLOSED : ConnectionState.CLOSING;
        } else if (state == ConnectionState.NEW && !TcpFlags.has(tcpFlags, TcpFlags.SYN)
                && TcpFlags.has(tcpFlags, TcpFlags.ACK) && (synAckSeen || !synSeen || seglen > 0)) {
            state = ConnectionState.ESTABLISHED;
        }
    }

    /**
     * Ends the current slice at {@code sliceEndNanos}: zero-window time still open is counted up to there (and goes
     * on from there in the next slice), the slice's counts and the connection state are copied into {@code out}, and
     * the counts restart at zero.
     */
    public void drainSlice(long sliceEndNanos, TcpSliceCounters out) {
        carryZeroWindow(forward, sliceEndNanos);
        carryZeroWindow(reverse, sliceEndNanos);
        out.packets = packets;
        out.dataPackets = dataPackets;
        out.retransmissions = retransmissions;
        out.fastRetransmissions = fastRetransmissions;
        out.spuriousRetransmissions = spuriousRetransmissions;
        out.outOfOrder = outOfOrder;
        out.zeroWindows = zeroWindows;
        out.zeroWindowNanos = zeroWindowNanos;
        out.maxConsecutiveRetransmissions = maxConsecutiveRetransmissions;
        out.keepAlives = keepAlives;
        out.duplicateAcks = duplicateAcks;
        out.lostSegments = lostSegments;
        out.syns = syns;
        out.synAcks = synAcks;
        out.rttSamples = rttSamples;
        out.rttSumNanos = rttSumNanos;
        out.rttJitterSamples = rttJitterSamples;
        out.rttJitterSumNanos = rttJitterSumNanos;
        out.state = state;
        out.halfOpen = isHalfOpen();
        clearSlice();
    }

    private void carryZeroWindow(TcpDirection d, long sliceEndNanos) {
        if (d.zeroWindowSinceNanos != NONE && sliceEndNanos > d.zeroWindowSinceNanos) {
            zeroWindowNanos += sliceEndNanos - d.zeroWindowSinceNanos;
            d.zeroWindowSinceNanos = sliceEndNanos;
        }
    }

    private void clearSlice() {
        packets = dataPackets = retransmissions = fastRetransmissions = spuriousRetransmissions = outOfOrder = 0;
        zeroWindows = keepAlives = duplicateAcks = lostSegments = syns = synAcks = 0;
        maxConsecutiveRetransmissions = rttSamples = rttJitterSamples = 0;
        zeroWindowNanos = rttSumNanos = rttJitterSumNanos = 0;
    }

    /** Forgets everything, slice counts included, for a new connection on the same 5-tuple. */
    public void reset() {
        forward.clear();
        reverse.clear();
        clearSlice();
        state = ConnectionState.NEW;
        synSeen = synAckSeen = false;
        lastSynNanos = synAckNanos = lastRttNanos = NONE;
        handshakeRttNanos = 0;
    }

    /** Reads a field from each cache line of the analysis itself, so that a prefetch brings them into the cache. */
    public long touch() {
        // fields at most 64 bytes apart in the layout (longs first, then ints, then the references)
        return packets + rttJitterSumNanos + lastRttNanos + syns + (forward == reverse ? 1 : 0);
    }

    /** The same for the two directions' state (a separate pass: their addresses are in the lines above). */
    public long touchDirections() {
        return forward.touch() + reverse.touch();
    }

    public ConnectionState state() {
        return state;
    }

    /** A SYN was seen and no SYN-ACK answered it (yet). */
    public boolean isHalfOpen() {
        return synSeen && !synAckSeen;
    }

    /** SYN to the first pure ACK after it at the capture point (tshark's {@code tcp.analysis.initial_rtt}), or -1. */
    public long handshakeRttNanos() {
        return handshakeRttNanos == 0 ? -1 : handshakeRttNanos;
    }

    /** Last SYN to the first SYN-ACK, the server's share of the handshake seen from the capture point, or -1. */
    public long synToSynAckNanos() {
        return synAckNanos == NONE || lastSynNanos == NONE || synAckNanos < lastSynNanos ? -1 : synAckNanos - lastSynNanos;
    }
}
