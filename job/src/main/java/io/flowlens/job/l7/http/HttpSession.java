package io.flowlens.job.l7.http;

import io.flowlens.job.l7.L7Segment;
import io.flowlens.job.l7.L7Session;
import io.flowlens.job.l7.PendingRequests;
import io.flowlens.job.l7.StreamCursor;
import io.flowlens.job.l7.Transaction;
import java.util.function.Consumer;

/**
 * One HTTP/1.0 or HTTP/1.1 connection: requests and responses paired in order (RFC 9112 §9.3.2: a server answers
 * pipelined requests in the order received), every message start in a segment's exported prefix parsed, not only
 * the first.
 *
 * <p>What is not visible is not guessed: a response seen before any request (capture began mid-connection) leaves with
 * a null method and no request time; a target cut by the payload cap ends in "…", and a head cut by it makes the
 * transaction partial; sizes are null unless the header section's end and the body length (Content-Length, or none by
 * the rules of §6.3) are both visible. When response starts may have been missed (the previous response's end was not
 * visible) while several requests wait, the pairing would be a guess, and so it is when requests were sent after client
 * bytes nobody saw (the rest of a segment past the cap) while others waited: those requests leave unanswered and the
 * response leaves without a request, counted in {@link #unattributed()}.
 */
public final class HttpSession implements L7Session {
    public static final int DEFAULT_MAX_OUTSTANDING = 64;

    private final boolean keepQuery;
    private final PendingRequests<Transaction> pending;
    private final StreamCursor client = new StreamCursor();
    private final StreamCursor server = new StreamCursor();
    private long malformed, stale, unattributed;

    /** @param keepQuery keep the query string in targets; otherwise it is redacted to "?" */
    public HttpSession(boolean keepQuery) {
        this(keepQuery, DEFAULT_MAX_OUTSTANDING);
    }

    /** @param maxOutstanding requests kept while waiting for responses; past it the oldest is dropped and counted */
    public HttpSession(boolean keepQuery, int maxOutstanding) {
        this.keepQuery = keepQuery;
        this.pending = new PendingRequests<>(maxOutstanding);
    }

    @Override
    public void onSegment(L7Segment segment, Consumer<Transaction> out) {
        byte[] b = segment.bytes();
        StreamCursor cursor = segment.fromClient() ? client : server;
        if (b.length == 0) {
            return;
        }
        if (cursor.isStale(segment.seq())) {
            stale++;
            return;
        }
        boolean inOrder = cursor.continuesAt(segment.seq());
        // requests may hide in client bytes nobody saw; with others waiting, where they fall in the order is unknown
        boolean afterUnseen = segment.fromClient() && !inOrder && !pending.isEmpty();
        int off = 0;
        while (true) {
            HttpHead head = HttpHead.parse(b, off, b.length, segment.fromClient(), keepQuery);
            if (head == null) {
                malformed++;
                cursor.lose(segment.seq());
                return;
            }
            long length = segment.fromClient()
                    ? onRequest(head, segment, afterUnseen) : onResponse(head, segment, inOrder, out);
            if (length < 0) {
                cursor.lose(segment.seq());
                return;
            }
            if (off + length >= b.length) {
                cursor.advance(segment.seq(), off + length);
                return;
            }
            off += (int) length;
            inOrder = true;
        }
    }

    /** Returns the request's length on the wire, or -1 if unknown. */
    private long onRequest(HttpHead head, L7Segment segment, boolean afterUnseen) {
        long length = head.headerLength < 0 || head.chunked ? -1
                : head.headerLength + Math.max(0, head.contentLength); // no length, not chunked: no body (§6.3)
        Transaction t = new Transaction();
        t.protocol = "http";
        t.requestNanos = segment.tsNanos();
        t.method = head.method;
        t.target = head.target;
        t.host = head.host;
        t.requestBytes = length < 0 ? null : length;
        t.keepAlive = keepAlive(head);
        t.pipelined = !pending.isEmpty();
        t.partial = head.headerLength < 0 ? Boolean.TRUE : null; // the cap cut the head: sizes, keep-alive unknown
        pending.add(t, afterUnseen);
        return length;
    }

    /** Returns the response's length on the wire, or -1 if unknown. */
    private long onResponse(HttpHead head, L7Segment segment, boolean inOrder, Consumer<Transaction> out) {
        if (head.status >= 100 && head.status < 200 && head.status != 101) {
            return head.headerLength; // interim (100 Continue, 103): the final response is still to come
        }
        Transaction t;
        if (pending.size() > 1 && !inOrder || pending.oldestAfterUnseen()) {
            unattributed += pending.size() + 1;
            pending.drain(out);
            t = null;
        } else {
            t = pending.poll();
        }
        if (t == null) {
            t = new Transaction();
            t.protocol = "http";
        }
        boolean noBody = "HEAD".equals(t.method) || head.status == 204 || head.status == 304
                || head.status >= 100 && head.status < 200;
        long length;
        if (head.headerLength < 0) {
            length = -1;
        } else if (noBody) {
            length = head.headerLength;
        } else if (head.chunked || head.contentLength < 0) {
            length = -1; // chunked, or delimited by the connection's close
        } else {
            length = head.headerLength + head.contentLength;
        }
        t.responseNanos = segment.tsNanos();
        t.status = head.status < 0 ? null : head.status;
        t.message = head.reason;
        t.responseBytes = length < 0 ? null : length;
        if (head.headerLength < 0) {
            t.partial = Boolean.TRUE;
        }
        if (Boolean.TRUE.equals(head.close) && t.keepAlive != null) {
            t.keepAlive = false;
        }
        out.accept(t);
        return length;
    }

    /** HTTP/1.1 persists unless "close", 1.0 only with "keep-alive" (RFC 9112 §9.3); null if the header may be cut. */
    private static Boolean keepAlive(HttpHead head) {
        if (head.close != null) {
            return !head.close;
        }
        if (head.headerLength < 0 || head.minorVersion < 0) {
            return null;
        }
        return head.minorVersion == 1;
    }

    @Override
    public void close(Consumer<Transaction> out) {
        pending.drain(out);
    }

    @Override
    public long malformed() {
        return malformed;
    }

    /** Segments skipped as retransmissions or as lying inside a message already taken. */
    public long stale() {
        return stale;
    }

    /** Requests and responses left unpaired because pairing them would have been a guess. */
    public long unattributed() {
        return unattributed;
    }

    /** Requests dropped because too many were outstanding. */
    public long overflowed() {
        return pending.overflowed();
    }

    /** Requests waiting for a response now. */
    public int outstanding() {
        return pending.size();
    }
}
