package io.flowlens.job.l7;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A hand-written TCP conversation fed to a session the way the kernel exports it: each call is one segment whose
 * first {@code cap} bytes are exported; {@link #clientBulk}/{@link #serverBulk} are segments the kernel does not
 * export (bodies), which only move the sequence numbers on. Time advances 1 ms per segment.
 */
public final class Exchange {
    public static final long START_NS = 1_700_000_000_000_000_000L;

    private final L7Session session;
    private final int cap, clientClass, serverClass;
    private long clientSeq = 1, serverSeq = 1, now = START_NS;
    public final List<Transaction> out = new ArrayList<>();

    /** @param clientClass, serverClass the kernel classes (L7Segment constants) each side's segments carry */
    public Exchange(L7Session session, int cap, int clientClass, int serverClass) {
        this.session = session;
        this.cap = cap;
        this.clientClass = clientClass;
        this.serverClass = serverClass;
    }

    public Exchange client(String payload) {
        clientSeq = send(true, clientSeq, payload.getBytes(StandardCharsets.ISO_8859_1));
        return this;
    }

    public Exchange server(String payload) {
        serverSeq = send(false, serverSeq, payload.getBytes(StandardCharsets.ISO_8859_1));
        return this;
    }

    /** The same client bytes again at the same sequence number, as a retransmission. */
    public Exchange clientRetransmit(String payload, int bytesBack) {
        send(true, clientSeq - bytesBack, payload.getBytes(StandardCharsets.ISO_8859_1));
        return this;
    }

    public Exchange clientBulk(int bytes) {
        clientSeq += bytes;
        now += 1_000_000;
        return this;
    }

    public Exchange serverBulk(int bytes) {
        serverSeq += bytes;
        now += 1_000_000;
        return this;
    }

    public List<Transaction> close() {
        session.close(out::add);
        return out;
    }

    /** ns since START_NS of the i-th segment sent (0-based), counting bulk ones. */
    public static long at(int i) {
        return START_NS + (i + 1) * 1_000_000L;
    }

    private long send(boolean fromClient, long seq, byte[] payload) {
        now += 1_000_000;
        byte[] exported = Arrays.copyOf(payload, Math.min(cap, payload.length));
        session.onSegment(new L7Segment(fromClient, now, fromClient ? clientClass : serverClass, seq & 0xFFFF_FFFFL, payload.length,
                exported), out::add);
        return seq + payload.length;
    }
}
