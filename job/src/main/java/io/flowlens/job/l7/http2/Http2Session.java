package io.flowlens.job.l7.http2;

import io.flowlens.job.l7.L7Segment;
import io.flowlens.job.l7.L7Session;
import io.flowlens.job.l7.Transaction;
import io.netty.handler.codec.http2.Http2Headers;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.function.Consumer;

/**
 * Cleartext HTTP/2 (RFC 9113) and gRPC over it, for one TCP connection: walks the frames visible in each exported
 * segment prefix, decodes header blocks with Netty's HPACK decoder (one per direction, fed in order) and emits one
 * {@link Transaction} per stream (request HEADERS → response HEADERS, trailers for gRPC status).
 *
 * <p>The session starts at the client preface, or at an HTTP/1.1 request answered by {@code 101 Switching
 * Protocols} (h2c upgrade, RFC 7540 §3.2: the request becomes stream 1). A session whose first segment is an HTTP/2
 * frame began mid-connection. Only segments that start with a signature frame are exported, each cut at the payload
 * cap, so header blocks can go unseen; then a direction's HPACK state is trusted only as far as it provably matches
 * the sender's ({@link DirectionHpack}), and fields it cannot decode stay null while the stream is still counted.
 */
public final class Http2Session implements L7Session {
    /** Streams tracked at once; the oldest leaves (as far as seen) when a new one needs room. */
    public static final int MAX_OPEN_STREAMS = 256;

    static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    static final int DATA = 0, HEADERS = 1, RST_STREAM = 3, SETTINGS = 4, PUSH_PROMISE = 5, GOAWAY = 7,
            CONTINUATION = 9;
    static final int END_STREAM = 0x1, ACK = 0x1, END_HEADERS = 0x4, PADDED = 0x8, PRIORITY = 0x20;
    private static final int FRAME_HEADER = 9;
    /** A header block held open across segments beyond this is given up (DirectionHpack decodes at most 64 KiB). */
    private static final int MAX_BLOCK = 65536;

    private final Direction client = new Direction(), server = new Direction();
    private final LinkedHashMap<Integer, Http2Stream> open = new LinkedHashMap<>();
    private boolean started;
    private String[] upgradeRequest;
    private long upgradeNanos;
    private long malformed, evicted, unmatchedResponses;
    /** The segment being read broke a framing rule; counted once per segment in {@link #malformed}. */
    private boolean broken;

    /** One direction's byte stream as far as exported segments show it. */
    private static final class Direction {
        final DirectionHpack hpack = new DirectionHpack();
        boolean hasSeq;
        /** Sequence number after the last segment, and after the last frame it declared (may lie beyond). */
        long endSeq, frameEnd;
        // a header block whose CONTINUATION frames are still to come, in this segment or the next
        int blockType = -1, blockStream, blockFlags;
        /** The open block is a request's first: its stream was opened when the block began. */
        boolean blockOpensStream;
        byte[] block = new byte[0];
        int blockLength;
    }

    /**
     * Any exported segment of the flow, in capture order. Once HTTP/2 has started, frames are walked whatever the
     * kernel class says: its Kafka request signature, checked before the HTTP/2 one, also matches HTTP/2 frames
     * with flags 0 (DATA, PING, WINDOW_UPDATE, SETTINGS), so those arrive as class 8 on a connection whose preface
     * the kernel did not see (on one it saw, they are HTTP/2: flowlens.bpf.c connection_class).
     */
    @Override
    public void onSegment(L7Segment segment, Consumer<Transaction> out) {
        if (started && (segment.kernelClass() == L7Segment.HTTP1_REQUEST
                || segment.kernelClass() == L7Segment.HTTP1_RESPONSE)) {
            malformed++; // no frame header starts with a method or "HTTP/1." (its length would exceed 4 MiB)
            return;
        }
        Direction d = segment.fromClient() ? client : server;
        byte[] b = segment.bytes();
        long seq = segment.seq() & 0xffffffffL;
        long length = Math.max(segment.payloadLength(), b.length);
        boolean preface = segment.fromClient() && startsWithPreface(b);
        if (preface) {
            d.hasSeq = false; // what the client sent before (an upgrade request and its body) was HTTP/1
            started = true;
        }
        if (d.hasSeq) {
            if (before(seq, d.endSeq)) {
                return; // a retransmission of what was already read
            }
            if (before(seq, d.frameEnd)) {
                malformed++; // inside a frame declared earlier: the signature matched frame payload
                return;
            }
            long seen = before(d.endSeq, d.frameEnd) ? d.frameEnd : d.endSeq;
            if (before(seen, seq)) {
                d.hpack.missedSomething(); // bytes no segment showed: they may have held header blocks
            }
            if (d.blockType >= 0 && seq != d.endSeq) {
                blockCut(d, segment, out); // the CONTINUATION frames of a block left open went unseen
            }
        }
        int from = preface ? PREFACE.length : 0;
        if (!started) {
            if (segment.kernelClass() == L7Segment.HTTP1_REQUEST && segment.fromClient()) {
                upgradeRequest = Http1Upgrade.requestLine(b);
                upgradeNanos = segment.tsNanos();
                return;
            }
            if (segment.kernelClass() == L7Segment.HTTP1_RESPONSE && !segment.fromClient()) {
                if (!Http1Upgrade.switching(b)) {
                    return; // plain HTTP/1.1: not this session's
                }
                started = true;
                Http2Stream first = new Http2Stream(1, upgradeRequest != null ? upgradeNanos : segment.tsNanos());
                if (upgradeRequest != null) {
                    first.method = upgradeRequest[0];
                    first.path = upgradeRequest[1];
                }
                open.put(1, first);
                from = Http1Upgrade.headerEnd(b);
                if (from < 0) {
                    server.hpack.missedSomething(); // the server's first frames follow the 101 beyond the prefix
                    remember(d, seq, length, length);
                    return;
                }
            } else if (!preface) {
                started = true; // mid-connection: nothing of either table was seen
                for (Direction x : new Direction[] {client, server}) {
                    x.hpack.missedSomething();
                    x.hpack.peerTableSize(DirectionHpack.MAX_TABLE_SIZE);
                }
            }
        } else if (!d.hasSeq && d == server && !startsWithSettings(b, from)) {
            server.hpack.missedSomething(); // the server preface (a SETTINGS frame) was not exported
        }
        broken = false;
        long end = walk(d, segment, b, from, length, out);
        remember(d, seq, length, end);
        malformed += broken ? 1 : 0;
    }

    private static void remember(Direction d, long seq, long length, long frameEndOffset) {
        d.hasSeq = true;
        d.endSeq = (seq + length) & 0xffffffffL;
        d.frameEnd = (seq + frameEndOffset) & 0xffffffffL;
    }

    /** Frames from {@code o} on; returns the offset where the last declared frame ends. */
    private long walk(Direction d, L7Segment s, byte[] b, int o, long length, Consumer<Transaction> out) {
        long at = o;
        while (at < length) {
            int p = (int) at;
            if (p + FRAME_HEADER > b.length) {
                break; // the next frame header lies beyond the exported prefix
            }
            int len = (b[p] & 0xff) << 16 | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff);
            int type = b[p + 3] & 0xff, flags = b[p + 4] & 0xff;
            int stream = (b[p + 5] & 0x7f) << 24 | (b[p + 6] & 0xff) << 16 | (b[p + 7] & 0xff) << 8 | (b[p + 8] & 0xff);
            long frameEnd = at + FRAME_HEADER + len;
            if (d.blockType >= 0 && (type != CONTINUATION || stream != d.blockStream)) {
                broken = true; // RFC 9113 §6.10: nothing may interleave a header block
                blockCut(d, s, out);
            }
            int payload = p + FRAME_HEADER;
            int visibleEnd = (int) Math.min(frameEnd, b.length);
            frame(d, s, type, flags, stream, b, payload, visibleEnd, frameEnd <= b.length, out);
            at = frameEnd;
        }
        if (d.blockType >= 0 && (at != length || b.length != length || d.blockLength > MAX_BLOCK)) {
            blockCut(d, s, out); // its CONTINUATION lies beyond the prefix, or the block grew past all reason
        } // else the segment ended with a whole frame: the block may go on in the next segment
        if (at < length) {
            d.hpack.missedSomething(); // frames after the prefix were not seen
        }
        return at;
    }

    private void frame(Direction d, L7Segment s, int type, int flags, int stream, byte[] b, int from, int to,
            boolean whole, Consumer<Transaction> out) {
        switch (type) {
            case HEADERS, PUSH_PROMISE -> {
                int start = from, end = to;
                if ((flags & PADDED) != 0 && whole) {
                    end -= from < to ? b[from] & 0xff : 0;
                    start++;
                }
                start += (type == HEADERS && (flags & PRIORITY) != 0 ? 5 : 0) + (type == PUSH_PROMISE ? 4 : 0);
                if (stream == 0 || start > end) {
                    broken = true;
                    d.hpack.missedSomething();
                    return;
                }
                d.blockType = type;
                d.blockStream = stream;
                d.blockFlags = flags;
                d.blockLength = 0;
                // opened now, not when the block ends: its response may come before the block's last CONTINUATION
                d.blockOpensStream = type == HEADERS && s.fromClient() && !open.containsKey(stream);
                if (d.blockOpensStream) {
                    openStream(stream, s.tsNanos(), out);
                }
                if (!whole) {
                    return; // cut by the cap: left to blockCut
                }
                append(d, b, start, end);
                if ((flags & END_HEADERS) != 0) {
                    blockDone(d, s, out);
                }
            }
            case CONTINUATION -> {
                if (d.blockType < 0 || !whole) {
                    if (d.blockType < 0) {
                        broken = true;
                        d.hpack.missedSomething();
                    }
                    return;
                }
                append(d, b, from, to);
                if ((flags & END_HEADERS) != 0) {
                    blockDone(d, s, out);
                }
            }
            case DATA -> {
                if (!s.fromClient() && (flags & END_STREAM) != 0) {
                    finish(stream, out);
                }
            }
            case RST_STREAM -> finish(stream, out);
            case SETTINGS -> {
                if ((flags & ACK) == 0) {
                    Direction peer = d == client ? server : client;
                    for (int i = from; i + 6 <= to; i += 6) {
                        if (((b[i] & 0xff) << 8 | (b[i + 1] & 0xff)) == 1) { // SETTINGS_HEADER_TABLE_SIZE
                            peer.hpack.peerTableSize(u32(b, i + 2));
                        }
                    }
                }
            }
            case GOAWAY -> {
                if (to - from >= 4 && !s.fromClient()) {
                    long last = u32(b, from) & 0x7fffffffL;
                    open.values().removeIf(st -> {
                        boolean gone = st.id > last && (st.id & 1) == 1; // never processed (RFC 9113 §6.8)
                        if (gone) {
                            out.accept(st.toTransaction());
                        }
                        return gone;
                    });
                }
            }
            default -> {}
        }
    }

    private static void append(Direction d, byte[] b, int from, int to) {
        int n = to - from;
        if (d.blockLength + n > d.block.length) {
            d.block = Arrays.copyOf(d.block, Math.max(d.blockLength + n, 2 * d.block.length));
        }
        System.arraycopy(b, from, d.block, d.blockLength, n);
        d.blockLength += n;
    }

    private void blockDone(Direction d, L7Segment s, Consumer<Transaction> out) {
        Http2Headers h = d.hpack.decode(d.blockStream, d.block, 0, d.blockLength);
        headers(d, s, h, out);
    }

    /** A header block not wholly seen: the sender's table moved in ways we cannot know. */
    private void blockCut(Direction d, L7Segment s, Consumer<Transaction> out) {
        d.hpack.missedSomething();
        headers(d, s, null, out);
    }

    private void headers(Direction d, L7Segment s, Http2Headers h, Consumer<Transaction> out) {
        int type = d.blockType, stream = d.blockStream, flags = d.blockFlags;
        d.blockType = -1;
        if (type != HEADERS) {
            return; // PUSH_PROMISE: decoded only to keep the table in step
        }
        Http2Stream st = open.get(stream);
        if (s.fromClient()) {
            if (d.blockOpensStream && st != null) {
                st.request(h);
            } // else: request trailers, which carry nothing we report
            return;
        }
        if (st == null) {
            unmatchedResponses++; // its request came before the capture, or the stream was evicted
            return;
        }
        st.response(h, s.tsNanos());
        if ((flags & END_STREAM) != 0) {
            finish(stream, out);
        }
    }

    private void openStream(int stream, long tsNanos, Consumer<Transaction> out) {
        if (open.size() >= MAX_OPEN_STREAMS) {
            Iterator<Http2Stream> oldest = open.values().iterator();
            out.accept(oldest.next().toTransaction());
            oldest.remove();
            evicted++;
        }
        open.put(stream, new Http2Stream(stream, tsNanos));
    }

    private void finish(int stream, Consumer<Transaction> out) {
        Http2Stream st = open.remove(stream);
        if (st != null) {
            out.accept(st.toTransaction());
        }
    }

    @Override
    public void close(Consumer<Transaction> out) {
        open.values().forEach(st -> out.accept(st.toTransaction()));
        open.clear();
    }

    @Override
    public long malformed() {
        return malformed;
    }

    /** Streams that left early to make room ({@link #MAX_OPEN_STREAMS}). */
    public long evictedStreams() {
        return evicted;
    }

    /** Server header blocks on streams whose request was not seen (it came before the capture began). */
    public long unmatchedResponses() {
        return unmatchedResponses;
    }

    /** Streams waiting for their end. */
    public int openStreams() {
        return open.size();
    }

    /** Whether a direction's HPACK state became unknown: its header fields are no longer decoded. */
    public boolean hpackUnknown(boolean fromClient) {
        return (fromClient ? client : server).hpack.unknown();
    }

    private static boolean startsWithPreface(byte[] b) {
        int n = Math.min(b.length, PREFACE.length);
        return n >= 8 && Arrays.equals(b, 0, n, PREFACE, 0, n);
    }

    private static boolean startsWithSettings(byte[] b, int o) {
        return o >= 0 && o + FRAME_HEADER <= b.length && b[o + 3] == SETTINGS;
    }

    /** seq a before b, modulo 2^32. */
    private static boolean before(long a, long b) {
        return (int) (a - b) < 0;
    }

    private static long u32(byte[] b, int i) {
        return (b[i] & 0xffL) << 24 | (b[i + 1] & 0xffL) << 16 | (b[i + 2] & 0xffL) << 8 | (b[i + 3] & 0xffL);
    }
}
