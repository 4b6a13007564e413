package io.flowlens.job.tcp;

/**
 * What the analysis remembers about one direction of a connection: primitives only (80 bytes with the
 * object header), since the reader keeps two per active TCP flow. Sequence numbers are raw 32-bit values.
 *
 * <p>{@code nextSeq} and {@code maxSeqToBeAcked} use 0 as "not seen yet", exactly as Wireshark does, so that the
 * flags agree with tshark even in the one-in-2^32 case where a real value is 0.
 */
final class TcpDirection implements java.io.Serializable {
    static final int WINDOW_UNKNOWN = -1;
    static final long NONE = Long.MIN_VALUE;

    // Wireshark's tcp_analyze_seq_info for this direction
    boolean baseSeqSet;
    int baseSeq;
    int nextSeq;
    long nextSeqNanos;
    int maxSeqToBeAcked;
    int lastAck;
    long lastAckNanos;
    int window = WINDOW_UNKNOWN;
    int dupAckCount;
    /** TcpAnalysisFlags of this direction's last segment: 13 bits, so a short (the object stays at 80 bytes). */
    short lastSegmentAnalysis;

    // flowlens' own per-direction state
    boolean finSeen;
    long zeroWindowSinceNanos = NONE;
    int retransmissionRun;
    int rttSampleEndSeq;
    long rttSampleSentNanos = NONE;

    long touch() {
        return baseSeq + rttSampleSentNanos + dupAckCount + (finSeen ? 1 : 0); // both cache lines it may span
    }

    void clear() {
        baseSeqSet = false;
        baseSeq = 0;
        nextSeq = 0;
        nextSeqNanos = 0;
        maxSeqToBeAcked = 0;
        lastAck = 0;
        lastAckNanos = 0;
        window = WINDOW_UNKNOWN;
        dupAckCount = 0;
        lastSegmentAnalysis = 0;
        finSeen = false;
        zeroWindowSinceNanos = NONE;
        retransmissionRun = 0;
        rttSampleEndSeq = 0;
        rttSampleSentNanos = NONE;
    }
}
