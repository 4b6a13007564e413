package io.flowlens.job.l7.dns;

import io.flowlens.job.l7.L7Segment;
import io.flowlens.job.l7.L7Session;
import io.flowlens.job.l7.Outstanding;
import io.flowlens.job.l7.PrefixReader;
import io.flowlens.job.l7.Transaction;
import java.util.function.Consumer;

/**
 * DNS over one UDP flow, or one TCP connection (RFC 1035 §4.2.2: each message after a 2-byte length). A query waits
 * for the response with its id and question name; a response without one (capture began after the query, or the
 * query was evicted) is counted in {@link #unmatchedResponses()} and not emitted, since its request time is unknown.
 *
 * <p>Per transaction: method = opcode name ("QUERY"), target = qname, dnsId, dnsQtype, status = rcode, dnsAnswers =
 * the header's answer count, dnsAnswerData = "addr/ttl;..." of the A/AAAA answers that fit in the prefix,
 * partial = some answers (or the question) were beyond the prefix, requestBytes/responseBytes = DNS message length.
 */
public final class DnsSession implements L7Session {
    /** Outstanding queries per flow; a resolver rarely has more than a handful in flight on one 5-tuple. */
    public static final int MAX_OUTSTANDING = 64;
    private static final String[] OPCODES = {"QUERY", "IQUERY", "STATUS", "3", "NOTIFY", "UPDATE", "DSO"};

    private record Key(int id, String qname) {}

    private final boolean tcp;
    private final PrefixReader reader = new PrefixReader();
    private final Outstanding<Key> outstanding = new Outstanding<>(MAX_OUTSTANDING);
    private long malformed, unmatched;

    private DnsSession(boolean tcp) {
        this.tcp = tcp;
    }

    /** Messages are whole datagrams. */
    public static DnsSession udp() {
        return new DnsSession(false);
    }

    /** Messages follow a 2-byte length; one segment may start several. */
    public static DnsSession tcp() {
        return new DnsSession(true);
    }

    @Override
    public void onSegment(L7Segment s, Consumer<Transaction> out) {
        byte[] b = s.bytes();
        if (!tcp) {
            onMessage(s, b, 0, b.length, s.payloadLength(), out);
            return;
        }
        int at = 0;
        while (at + 2 + DnsMessage.HEADER <= b.length) {
            int length = (b[at] & 0xff) << 8 | b[at + 1] & 0xff;
            if (length < DnsMessage.HEADER) {
                malformed++;
                return;
            }
            onMessage(s, b, at + 2, Math.min(b.length, at + 2 + length), length, out);
            at += 2 + length;
        }
    }

    private void onMessage(L7Segment s, byte[] b, int from, int to, long length, Consumer<Transaction> out) {
        DnsMessage m = DnsMessage.parse(b, from, to, reader);
        if (m == null) {
            malformed++;
        } else if (!m.response) {
            onQuery(s, m, length, out);
        } else {
            Transaction t = onResponse(s, m, length);
            if (t != null) {
                out.accept(t);
            }
        }
    }

    private void onQuery(L7Segment s, DnsMessage m, long length, Consumer<Transaction> out) {
        Transaction t = new Transaction();
        t.protocol = "dns";
        t.requestNanos = s.tsNanos();
        t.requestBytes = length;
        t.method = m.opcode < OPCODES.length ? OPCODES[m.opcode] : Integer.toString(m.opcode);
        t.target = m.qname;
        t.dnsId = m.id;
        t.dnsQtype = m.qtype < 0 ? null : m.qtype;
        t.partial = m.questions > 0 && m.qname == null ? Boolean.TRUE : null;
        outstanding.add(new Key(m.id, m.qname), t, out); // the same question asked again: the first try leaves
    }

    /** The query this response completes, or null. */
    private Transaction onResponse(L7Segment s, DnsMessage m, long length) {
        Transaction t = outstanding.take(new Key(m.id, m.qname));
        if (t == null) { // the question cut from the query or the response: the id alone decides
            t = outstanding.takeFirst(k -> k.id() == m.id && (k.qname() == null || m.qname == null));
        }
        if (t == null) {
            unmatched++;
            return null;
        }
        t.responseNanos = s.tsNanos();
        t.responseBytes = length;
        t.status = m.rcode;
        t.dnsAnswers = m.answers;
        t.dnsAnswerData = m.answerData;
        if (t.target == null && m.qname != null) { // the query's question was cut, the response's was not
            t.target = m.qname;
            t.dnsQtype = m.qtype;
        }
        t.partial = !m.complete || t.target == null ? Boolean.TRUE : null;
        return t;
    }

    @Override
    public void close(Consumer<Transaction> out) {
        outstanding.flush(out);
    }

    @Override
    public long malformed() {
        return malformed;
    }

    /** Responses whose query was never seen. */
    public long unmatchedResponses() {
        return unmatched;
    }

    /** Queries waiting for their response (at most {@link #MAX_OUTSTANDING}). */
    public int outstanding() {
        return outstanding.size();
    }

    @Override
    public String toString() {
        return (tcp ? "dns/tcp" : "dns/udp") + " outstanding=" + outstanding.size() + " malformed=" + malformed
                + " unmatched=" + unmatched;
    }
}
