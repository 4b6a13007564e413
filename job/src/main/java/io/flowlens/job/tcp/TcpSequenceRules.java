package io.flowlens.job.tcp;

import static io.flowlens.job.tcp.TcpAnalysisFlags.*;

/**
 * Wireshark's TCP sequence analysis ({@code tcp_analyze_sequence_number} in packet-tcp.c), rule for rule and in the
 * same order, so that per-flow counts of retransmissions, out-of-order segments and zero windows equal tshark's. The
 * Wireshark User's Guide section "TCP Analysis" describes the same rules in prose.
 *
 * <p>Where Wireshark versions differ, this follows what Debian's tshark 4.0 does, as the tests measure it packet by
 * packet: spurious retransmission is tested before fast retransmission and out-of-order; a segment ending exactly at
 * the expected sequence number (SYN/FIN included) is never out-of-order. The rules were checked line by line against
 * packet-tcp.c of Debian's wireshark 4.0.17 source package and, packet by packet, against its tshark.
 */
final class TcpSequenceRules {
    /** Wireshark's out-of-order threshold when no handshake RTT is known: 3 ms. */
    static final long DEFAULT_OUT_OF_ORDER_NANOS = 3_000_000L;
    /** A retransmission within 20 ms of the second duplicate ACK is a fast retransmission. */
    static final long FAST_RETRANSMISSION_NANOS = 20_000_000L;

    /** Wireshark's dupacknum of -1, set on a side whose peer acknowledged past all it sent: its next duplicate ACK is #1. */
    private static final int ACKED_UNSEEN_MARK = -1;

    private TcpSequenceRules() {}

    /**
     * Classifies one packet and updates both directions' state.
     *
     * @param fwd the sender's direction
     * @param rev the other direction
     * @param seglen TCP payload bytes (SYN and FIN add one sequence number each on top)
     * @param window the raw (unscaled) window field
     * @param firstRttNanos the handshake RTT (SYN to first pure ACK) if known, else 0
     * @return {@link TcpAnalysisFlags} bits
     */
    static int analyze(TcpDirection fwd, TcpDirection rev, long nowNanos, int seq, int ack, int seglen, int flags,
                       int window, long firstRttNanos) {
        int a = 0;
        boolean synFinRst = (flags & (TcpFlags.SYN | TcpFlags.FIN | TcpFlags.RST)) != 0;

        if (!fwd.baseSeqSet) {
            fwd.baseSeq = TcpFlags.has(flags, TcpFlags.SYN) ? seq : seq - 1;
            fwd.baseSeqSet = true;
        }
        // the ACK field of a SYN may hold garbage: take the peer's ISN from the first ACK instead
        if (!rev.baseSeqSet && TcpFlags.has(flags, TcpFlags.ACK)) {
            rev.baseSeq = ack - 1;
            rev.baseSeqSet = true;
        }

        checks:
        {
            if (seglen == 1 && seq == fwd.nextSeq && rev.window == 0) {
                a |= ZERO_WINDOW_PROBE;
                break checks;
            }
            if (window == 0 && (flags & (TcpFlags.RST | TcpFlags.FIN | TcpFlags.SYN)) == 0) {
                a |= ZERO_WINDOW;
            }
            if (fwd.nextSeq != 0 && SeqNum.gt(seq, fwd.nextSeq) && !TcpFlags.has(flags, TcpFlags.RST)) {
                a |= LOST_SEGMENT;
            }
            if ((seglen == 0 || seglen == 1) && seq == fwd.nextSeq - 1 && !synFinRst) {
                a |= KEEP_ALIVE;
            }
            boolean repeatsSeqAndAck = seglen == 0 && seq == fwd.nextSeq && ack == fwd.lastAck && !synFinRst;
            if (repeatsSeqAndAck && window != 0 && window != fwd.window) {
                a |= WINDOW_UPDATE;
            }
            if (repeatsSeqAndAck && window != 0 && window == fwd.window
                    && (rev.lastSegmentAnalysis & KEEP_ALIVE) != 0) {
                a |= KEEP_ALIVE_ACK;
                break checks;
            }
            if (repeatsSeqAndAck && window == 0 && window == fwd.window
                    && (rev.lastSegmentAnalysis & ZERO_WINDOW_PROBE) != 0) {
                a |= ZERO_WINDOW_PROBE_ACK;
                break checks;
            }
            if (repeatsSeqAndAck && window != 0 && window == fwd.window) {
                fwd.dupAckCount = fwd.dupAckCount == ACKED_UNSEEN_MARK ? 1 : fwd.dupAckCount + 1;
                a |= DUPLICATE_ACK;
            }
        }

        if (ack != fwd.lastAck) {
            fwd.dupAckCount = 0;
        }
        if (rev.maxSeqToBeAcked != 0 && SeqNum.gt(ack, rev.maxSeqToBeAcked) && TcpFlags.has(flags, TcpFlags.ACK)) {
            if (SeqNum.lt(rev.maxSeqToBeAcked, rev.nextSeq)) {
                // the other side sent more since its gap: move its bound up to what was seen, flag this once
                rev.maxSeqToBeAcked = rev.nextSeq;
                a |= ACKED_UNSEEN;
            } else {
                /*
                 * Acknowledged past everything seen from the other side: flagged while the *other* side's
                 * duplicate-ACK count is 0, which is then marked (not this side's: its duplicate ACKs keep
                 * counting towards a fast retransmission of the data the other side resends).
                 */
                if (rev.dupAckCount == 0) {
                    a |= ACKED_UNSEEN;
                }
                rev.dupAckCount = ACKED_UNSEEN_MARK;
            }
        }

        boolean consumesSeq = seglen > 0 || (flags & (TcpFlags.SYN | TcpFlags.FIN)) != 0;
        if (consumesSeq && (a & KEEP_ALIVE) == 0) {
            a |= retransmissionKind(fwd, rev, nowNanos, seq, seglen, flags, firstRttNanos);
        }

        int nextSeq = seq + seglen;
        if (consumesSeq && (flags & (TcpFlags.SYN | TcpFlags.FIN)) != 0) {
            nextSeq += 1;
        }
        // a zero-window probe's byte is not accepted by the receiver, so it does not move the expected sequence
        boolean probe = (a & ZERO_WINDOW_PROBE) != 0;
        if ((SeqNum.gt(nextSeq, fwd.nextSeq) || fwd.nextSeq == 0) && !probe) {
            fwd.nextSeq = nextSeq;
            fwd.nextSeqNanos = nowNanos;
        }
        if ((seq == fwd.maxSeqToBeAcked || fwd.maxSeqToBeAcked == 0) && !probe) {
            fwd.maxSeqToBeAcked = fwd.nextSeq;
        }
        fwd.window = window;
        fwd.lastAck = ack;
        fwd.lastAckNanos = nowNanos;
        fwd.lastSegmentAnalysis = (short) a; // every flag is below bit 15
        return a;
    }

    /** Spurious retransmission, fast retransmission, out-of-order or retransmission, in Wireshark's order. */
    private static int retransmissionKind(TcpDirection fwd, TcpDirection rev, long nowNanos, int seq, int seglen,
                                          int flags, long firstRttNanos) {
        boolean seqNotAdvanced = fwd.nextSeq != 0 && SeqNum.lt(seq, fwd.nextSeq);
        // one byte less than expected but carrying more: new data after a zero-window probe, not a retransmission
        if (seglen > 1 && fwd.nextSeq - 1 == seq) {
            seqNotAdvanced = false;
        }
        // data the receiver already acknowledged, whatever else it looks like (checked first since Wireshark 4.0)
        if (seglen > 0 && rev.lastAck != 0 && SeqNum.le(seq + seglen, rev.lastAck)) {
            return SPURIOUS_RETRANSMISSION;
        }
        // Wireshark's dupacknum is unsigned: its "acked unseen" mark of -1 passes this test too
        if (seqNotAdvanced && Integer.compareUnsigned(rev.dupAckCount, 2) >= 0 && rev.lastAck == seq
                && elapsedBelow(rev.lastAckNanos, nowNanos, FAST_RETRANSMISSION_NANOS)) {
            return FAST_RETRANSMISSION;
        }
        long outOfOrderNanos = firstRttNanos != 0 ? firstRttNanos : DEFAULT_OUT_OF_ORDER_NANOS;
        // a segment that ends exactly at the expected sequence number (SYN/FIN counted) is a resend, not a reorder
        int end = seq + seglen + ((flags & (TcpFlags.SYN | TcpFlags.FIN)) != 0 ? 1 : 0);
        if (seqNotAdvanced && elapsedBelow(fwd.nextSeqNanos, nowNanos, outOfOrderNanos) && fwd.nextSeq != end) {
            return OUT_OF_ORDER;
        }
        return seqNotAdvanced ? RETRANSMISSION : 0;
    }

    /** Wireshark computes these intervals unsigned: a clock that went backwards gives a huge interval, never a small one. */
    private static boolean elapsedBelow(long sinceNanos, long nowNanos, long limitNanos) {
        return Long.compareUnsigned(nowNanos - sinceNanos, limitNanos) < 0;
    }
}
