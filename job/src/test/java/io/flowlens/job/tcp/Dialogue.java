package io.flowlens.job.tcp;

import static io.flowlens.job.tcp.TcpFlags.ACK;
import static io.flowlens.job.tcp.TcpFlags.SYN;

import java.util.ArrayList;
import java.util.List;

/**
 * Hand-built packet sequences for one connection: each side's next sequence number advances with what it sends,
 * so tests write only what is unusual (a resend, a gap, a zero window). Times are in ms from an arbitrary epoch.
 */
public final class Dialogue {
    static final int WINDOW = 64240;

    /** One packet as fed to the analyzer, with what the analyzer said about it. */
    public record Sent(boolean fromClient, long nanos, long seq, long ack, int flags, int window, int len, int analysis) {}

    /** When set on this thread, every new Dialogue registers itself here (to replay tests' sequences to tshark). */
    static final ThreadLocal<List<Dialogue>> RECORDER = new ThreadLocal<>();

    final TcpFlowAnalyzer analyzer = new TcpFlowAnalyzer();
    public final List<Sent> sent = new ArrayList<>();
    long clientSeq;
    long serverSeq;
    private long nowNanos = 1_700_000_000_000_000_000L;

    public Dialogue(long clientIsn, long serverIsn) {
        this.clientSeq = clientIsn;
        this.serverSeq = serverIsn;
        List<Dialogue> recorder = RECORDER.get();
        if (recorder != null) {
            recorder.add(this);
        }
    }

    /** Moves the clock on. */
    public Dialogue after(double ms) {
        nowNanos += (long) (ms * 1_000_000);
        return this;
    }

    public long now() {
        return nowNanos;
    }

    /** SYN, SYN-ACK, ACK, each 1 ms apart. */
    public Dialogue handshake() {
        client(SYN, 0);
        after(1).server(SYN | ACK, 0);
        after(1).client(ACK, 0);
        return this;
    }

    /** The client sends len bytes (or a SYN/FIN) at its next sequence number, acknowledging all the server sent. */
    public int client(int flags, int len) {
        return client(flags, len, clientSeq, WINDOW);
    }

    public int server(int flags, int len) {
        return server(flags, len, serverSeq, WINDOW);
    }

    /** The client sends from an explicit sequence number; its next sequence number moves only forward. */
    int client(int flags, int len, long seq, int window) {
        int a = feed(true, seq, serverSeq, flags, window, len);
        clientSeq = advance(clientSeq, seq, flags, len);
        return a;
    }

    int server(int flags, int len, long seq, int window) {
        int a = feed(false, seq, clientSeq, flags, window, len);
        serverSeq = advance(serverSeq, seq, flags, len);
        return a;
    }

    /** An ACK from the client for an explicit number (a duplicate ACK repeats an old one). */
    int clientAcks(long ack) {
        return clientAcks(ack, WINDOW);
    }

    int clientAcks(long ack, int window) {
        return feed(true, clientSeq, ack, ACK, window, 0);
    }

    private int feed(boolean fromClient, long seq, long ack, int flags, int window, int len) {
        long s = seq & 0xFFFFFFFFL;
        long a = ack & 0xFFFFFFFFL;
        int analysis = analyzer.onPacket(fromClient, nowNanos, s, a, flags, window, len, 1);
        sent.add(new Sent(fromClient, nowNanos, s, a, flags, window, len, analysis));
        return analysis;
    }

    private static long advance(long next, long seq, int flags, int len) {
        long end = (seq + len + ((flags & (TcpFlags.SYN | TcpFlags.FIN)) != 0 ? 1 : 0)) & 0xFFFFFFFFL;
        return (int) (end - next) > 0 ? end : next;
    }

    TcpSliceCounters drain() {
        TcpSliceCounters out = new TcpSliceCounters();
        analyzer.drainSlice(nowNanos, out);
        return out;
    }
}
