package io.flowlens.job.l7;

/**
 * Where one direction of a TCP stream stands, in sequence numbers (mod 2^32): the start of the last message start
 * taken, and where the next message must begin when the last one's length was known.
 *
 * <p>Why: the kernel exports only segments that begin with a signature, so a session sees message starts with gaps
 * between them. Knowing the next start tells a retransmission, a body segment that happens to look like a message
 * start, and an in-order continuation apart from a jump over messages nobody exported.
 */
public final class StreamCursor {
    private static final long UNKNOWN = -1;

    private long lastStart = UNKNOWN;
    private long next = UNKNOWN;

    /**
     * Whether a segment starting at {@code seq} was already taken or lies inside a message whose extent is known:
     * a retransmission, a reordered old segment, or body bytes that look like a message start.
     */
    public boolean isStale(long seq) {
        if (lastStart != UNKNOWN && (int) (seq - lastStart) <= 0) {
            return true;
        }
        return next != UNKNOWN && (int) (seq - next) < 0;
    }

    /**
     * Whether {@code seq} is exactly where the previous message ended (nothing was missed in between), or the first
     * segment of this direction: its first message start is taken as the first of the stream, which holds unless the
     * capture began while earlier requests were still unanswered.
     */
    public boolean continuesAt(long seq) {
        return lastStart == UNKNOWN || next != UNKNOWN && next == (seq & 0xFFFF_FFFFL);
    }

    /** The segment at {@code seq} was taken, and its messages end {@code length} bytes after its start. */
    public void advance(long seq, long length) {
        lastStart = seq & 0xFFFF_FFFFL;
        next = (seq + length) & 0xFFFF_FFFFL;
    }

    /** The segment at {@code seq} was taken, but where its last message ends is unknown. */
    public void lose(long seq) {
        lastStart = seq & 0xFFFF_FFFFL;
        next = UNKNOWN;
    }
}
