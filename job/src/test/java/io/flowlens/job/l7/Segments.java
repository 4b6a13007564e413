package io.flowlens.job.l7;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Builds L7Segments for tests and collects what a session emits. */
public final class Segments {
    private Segments() {}

    public static L7Segment client(long ts, int kernelClass, long seq, byte[] message) {
        return new L7Segment(true, ts, kernelClass, seq, message.length, message);
    }

    public static L7Segment server(long ts, int kernelClass, long seq, byte[] message) {
        return new L7Segment(false, ts, kernelClass, seq, message.length, message);
    }

    /** The same segment as the kernel exports it with a payload cap of {@code cap} bytes. */
    public static L7Segment capped(L7Segment s, int cap) {
        byte[] b = s.bytes().length > cap ? Arrays.copyOf(s.bytes(), cap) : s.bytes();
        return new L7Segment(s.fromClient(), s.tsNanos(), s.kernelClass(), s.seq(), s.payloadLength(), b);
    }

    /** Feeds the segments in order, then closes the session; returns everything it emitted. */
    public static List<Transaction> run(L7Session session, L7Segment... segments) {
        List<Transaction> out = new ArrayList<>();
        for (L7Segment s : segments) {
            session.onSegment(s, out::add);
        }
        session.close(out::add);
        return out;
    }
}
