package io.flowlens.job.l7.redis;

import io.flowlens.job.l7.L7Segment;
import io.flowlens.job.l7.L7Session;
import io.flowlens.job.l7.PendingRequests;
import io.flowlens.job.l7.StreamCursor;
import io.flowlens.job.l7.Transaction;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One Redis connection (RESP2 or RESP3): commands and replies paired in order, every command or reply in a
 * segment's exported prefix counted while the one before it has a visible end.
 *
 * <p>Pushes are not replies: RESP3 {@code >} values, and in RESP2 subscribe mode the {@code message} /
 * {@code pmessage} / {@code smessage} arrays. Subscribe confirmations (one per channel, RESP2 arrays or RESP3 pushes)
 * answer the (P|S)(UN)SUBSCRIBE command that asked for them. A reply with no command waiting (capture began
 * mid-connection) leaves with a null method; when replies may have been missed while several commands wait, or
 * commands were sent after client bytes nobody saw (past the cap) while others waited, the commands leave unanswered
 * rather than be paired by guess ({@link #unattributed()}).
 */
public final class RedisSession implements L7Session {
    public static final int DEFAULT_MAX_OUTSTANDING = 64;

    private static final Set<String> SUBSCRIBE = Set.of("SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE");
    private static final Set<String> SUBSCRIBE_FAMILY =
            Set.of("SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "UNSUBSCRIBE", "PUNSUBSCRIBE", "SUNSUBSCRIBE");
    private static final Set<String> MESSAGES = Set.of("message", "pmessage", "smessage");

    /** A command waiting for its reply, with its argument count (channels, for the subscribe family). */
    private record Command(Transaction t, long args) {}

    private final PendingRequests<Command> pending;
    private final StreamCursor client = new StreamCursor();
    private final StreamCursor server = new StreamCursor();
    private final int[] next = new int[1];
    private long malformed, stale, unattributed, pushes;
    private boolean subscribed;
    /** Subscribe confirmations still due to a command already answered by its first one. */
    private long absorb;

    public RedisSession() {
        this(DEFAULT_MAX_OUTSTANDING);
    }

    /** @param maxOutstanding commands kept while waiting for replies; past it the oldest is dropped and counted */
    public RedisSession(int maxOutstanding) {
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
            long end = segment.fromClient()
                    ? command(b, off, segment, afterUnseen) : reply(b, off, segment, inOrder, out);
            if (end == Resp.MALFORMED) {
                malformed++;
            }
            if (end < 0) {
                cursor.lose(segment.seq());
                return;
            }
            if (end >= b.length) {
                cursor.advance(segment.seq(), end);
                return;
            }
            off = (int) end;
            inOrder = true;
        }
    }

    /** Takes the command at off; returns its end, or UNKNOWN / MALFORMED. */
    private long command(byte[] b, int off, L7Segment segment, boolean afterUnseen) {
        long end;
        String name;
        long args;
        if (b[off] == '*') {
            end = Resp.end(b, off, b.length);
            if (end == Resp.MALFORMED) {
                return end;
            }
            int eol = Resp.lineEnd(b, off + 1, b.length);
            long n = eol < 0 ? -1 : Resp.number(b, off + 1, eol);
            if (eol >= 0 && n < 1) {
                return Resp.MALFORMED; // a client sends non-empty arrays of bulk strings
            }
            name = eol < 0 ? null : Resp.string(b, eol + 2, b.length, next);
            args = n - 1;
        } else if (isLetter(b[off])) {
            // inline command (redis.io "Inline commands"): a line of space-separated words
            int p = off;
            while (p < b.length && b[p] != '\n') {
                p++;
            }
            end = p < b.length ? p + 1 : Resp.UNKNOWN;
            int w = off;
            while (w < p && b[w] != ' ' && b[w] != '\r') {
                w++;
            }
            name = w < b.length ? Resp.text(b, off, w) : null;
            args = -1;
        } else {
            return Resp.MALFORMED;
        }
        Transaction t = new Transaction();
        t.protocol = "redis";
        t.requestNanos = segment.tsNanos();
        t.method = name == null ? null : name.toUpperCase(Locale.ROOT);
        t.requestBytes = end < 0 ? null : end - off;
        t.pipelined = !pending.isEmpty();
        if (t.method != null && SUBSCRIBE.contains(t.method)) {
            subscribed = true;
        } else if ("RESET".equals(t.method)) {
            subscribed = false;
            absorb = 0;
        }
        pending.add(new Command(t, args), afterUnseen);
        return end;
    }

    /** Takes the reply or push at off; returns its end, or UNKNOWN / MALFORMED. */
    private long reply(byte[] b, int off, L7Segment segment, boolean inOrder, Consumer<Transaction> out) {
        long end = Resp.end(b, off, b.length);
        if (end == Resp.MALFORMED) {
            return end;
        }
        byte type = b[off];
        if (type == '>' || type == '*') {
            String kind = arrayHead(b, off);
            if (kind != null) {
                String lower = kind.toLowerCase(Locale.ROOT);
                if (SUBSCRIBE_FAMILY.contains(kind.toUpperCase(Locale.ROOT)) && (type == '>' || subscribed)) {
                    confirmation(lower, segment, out);
                    return end;
                }
                if (MESSAGES.contains(lower) && (type == '>' || subscribed || pending.isEmpty())) {
                    pushes++;
                    return end;
                }
            }
            if (type == '>') {
                pushes++; // invalidations and other RESP3 pushes answer no command
                return end;
            }
        }
        Command c = take(inOrder, out);
        Transaction t = c == null ? newReplyOnly() : c.t();
        t.responseNanos = segment.tsNanos();
        t.responseBytes = end < 0 ? null : end - off;
        t.status = type == '-' || type == '!' ? 1 : 0;
        if (t.status == 1) {
            t.message = errorText(b, off);
        }
        out.accept(t);
        return end;
    }

    private void confirmation(String kind, L7Segment segment, Consumer<Transaction> out) {
        if (absorb > 0) {
            absorb--;
        } else {
            Command head = pending.peek();
            if (head != null && head.t().method != null && SUBSCRIBE_FAMILY.contains(head.t().method)) {
                pending.poll();
                head.t().responseNanos = segment.tsNanos();
                head.t().status = 0;
                out.accept(head.t());
                absorb = Math.max(0, head.args() - 1);
            } else {
                pushes++;
            }
        }
        if (kind.endsWith("unsubscribe") && remainingSubscriptions == 0) {
            subscribed = false;
            absorb = 0;
        }
    }

    /** Set by arrayHead for confirmations: the count in their third element, -1 if not visible. */
    private long remainingSubscriptions;

    /** The first element of the aggregate at off as a string, or null; also reads a confirmation's count. */
    private String arrayHead(byte[] b, int off) {
        remainingSubscriptions = -1;
        int eol = Resp.lineEnd(b, off + 1, b.length);
        if (eol < 0) {
            return null;
        }
        String head = Resp.string(b, eol + 2, b.length, next);
        if (head != null) {
            long countAt = Resp.end(b, next[0], b.length);
            if (countAt >= 0 && countAt < b.length && b[(int) countAt] == ':') {
                int e = Resp.lineEnd(b, (int) countAt + 1, b.length);
                remainingSubscriptions = e < 0 ? -1 : Resp.number(b, (int) countAt + 1, e);
            }
        }
        return head;
    }

    /** The command this reply answers, or null: none waits, or the pairing would be a guess. */
    private Command take(boolean inOrder, Consumer<Transaction> out) {
        if (pending.size() > 1 && !inOrder || pending.oldestAfterUnseen()) {
            unattributed += pending.size() + 1;
            pending.drain(c -> out.accept(c.t()));
            return null;
        }
        return pending.poll();
    }

    private static Transaction newReplyOnly() {
        Transaction t = new Transaction();
        t.protocol = "redis";
        return t;
    }

    /** "-ERR text" → "ERR text"; "!len\r\ntext" → "text"; cut ones end in "…". */
    private static String errorText(byte[] b, int off) {
        int eol = Resp.lineEnd(b, off + 1, b.length);
        if (b[off] == '-') {
            return eol < 0 ? Resp.text(b, off + 1, b.length) + "…" : Resp.text(b, off + 1, eol);
        }
        if (eol < 0) {
            return null;
        }
        long n = Resp.number(b, off + 1, eol);
        int from = eol + 2;
        if (n < 0 || from > b.length) {
            return null;
        }
        return from + n <= b.length ? Resp.text(b, from, (int) (from + n)) : Resp.text(b, from, b.length) + "…";
    }

    private static boolean isLetter(byte c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    @Override
    public void close(Consumer<Transaction> out) {
        pending.drain(c -> out.accept(c.t()));
    }

    @Override
    public long malformed() {
        return malformed;
    }

    /** Segments skipped as retransmissions or as lying inside a value already taken. */
    public long stale() {
        return stale;
    }

    /** Commands and replies left unpaired because pairing them would have been a guess. */
    public long unattributed() {
        return unattributed;
    }

    /** Pushes and subscription messages seen (not replies). */
    public long pushes() {
        return pushes;
    }

    /** Commands waiting for a reply now. */
    public int outstanding() {
        return pending.size();
    }

    /** Requests dropped because too many were outstanding. */
    public long overflowed() {
        return pending.overflowed();
    }
}
