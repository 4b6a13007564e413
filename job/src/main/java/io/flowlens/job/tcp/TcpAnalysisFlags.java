package io.flowlens.job.tcp;

/**
 * What {@link TcpFlowAnalyzer#onPacket} found about one packet, as bits of an int (no allocation per packet).
 * Each bit has the meaning of the Wireshark expert flag named beside it.
 */
public final class TcpAnalysisFlags {
    /** {@code tcp.analysis.retransmission} without a more specific kind. */
    public static final int RETRANSMISSION = 1;
    /** {@code tcp.analysis.fast_retransmission}: tshark also reports it as a retransmission. */
    public static final int FAST_RETRANSMISSION = 1 << 1;
    /** {@code tcp.analysis.spurious_retransmission}: data already acknowledged; also a retransmission to tshark. */
    public static final int SPURIOUS_RETRANSMISSION = 1 << 2;
    /** {@code tcp.analysis.out_of_order}. */
    public static final int OUT_OF_ORDER = 1 << 3;
    /** {@code tcp.analysis.zero_window}: the sender advertises a zero receive window. */
    public static final int ZERO_WINDOW = 1 << 4;
    /** {@code tcp.analysis.zero_window_probe}. */
    public static final int ZERO_WINDOW_PROBE = 1 << 5;
    /** {@code tcp.analysis.zero_window_probe_ack}. */
    public static final int ZERO_WINDOW_PROBE_ACK = 1 << 6;
    /** {@code tcp.analysis.keep_alive}. */
    public static final int KEEP_ALIVE = 1 << 7;
    /** {@code tcp.analysis.keep_alive_ack}. */
    public static final int KEEP_ALIVE_ACK = 1 << 8;
    /** {@code tcp.analysis.window_update}. */
    public static final int WINDOW_UPDATE = 1 << 9;
    /** {@code tcp.analysis.duplicate_ack}. */
    public static final int DUPLICATE_ACK = 1 << 10;
    /** {@code tcp.analysis.lost_segment}: a gap before this segment ("previous segment not captured"). */
    public static final int LOST_SEGMENT = 1 << 11;
    /** {@code tcp.analysis.ack_lost_segment}: acknowledges data never seen ("ACKed unseen segment"). */
    public static final int ACKED_UNSEEN = 1 << 12;

    /** Every kind that tshark's {@code tcp.analysis.retransmission} filter matches. */
    public static final int ANY_RETRANSMISSION = RETRANSMISSION | FAST_RETRANSMISSION | SPURIOUS_RETRANSMISSION;

    private TcpAnalysisFlags() {}

    public static boolean isRetransmission(int analysis) {
        return (analysis & ANY_RETRANSMISSION) != 0;
    }
}
