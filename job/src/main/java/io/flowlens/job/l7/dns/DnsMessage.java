package io.flowlens.job.l7.dns;

import io.flowlens.job.l7.PrefixReader;

/**
 * The fields flowlens keeps from one DNS message (RFC 1035 §4.1), read from a prefix that may end anywhere after the
 * 12-byte header. Hand-written rather than dnsjava's {@code Message}: that parser throws {@code WireParseException}
 * on a cut message, losing the header and the answers before the cut, which are exactly what a capped prefix has;
 * and it builds a Record object per resource record. Measured with JMH (L7LibrariesJmh, L7SessionsJmh;
 * docs/benchmarks.md): dnsjava 3.6.3 parses 1.2 M whole responses/s at 2.4 kB allocated each; DnsSession completes
 * 4.0 M query+response transactions/s at 0.64 kB each.
 */
final class DnsMessage {
    static final int HEADER = 12;
    private static final int MAX_NAME = 255, MAX_POINTERS = 16;

    int id, opcode, rcode, questions, answers;
    boolean response;
    /** Null when the question did not fit. */
    String qname;
    int qtype = -1;
    /** "addr/ttl;..." of the A and AAAA answers that fit, or null without any. */
    String answerData;
    /** Every answer record fitted (a query with no answers is complete once its question fits). */
    boolean complete;

    private DnsMessage() {}

    /** The message in {@code bytes[from, to)}, or null when not even its header is there. */
    static DnsMessage parse(byte[] bytes, int from, int to, PrefixReader r) {
        r.reset(bytes, from, to);
        if (!r.has(HEADER)) {
            return null;
        }
        DnsMessage m = new DnsMessage();
        m.id = r.u16();
        int flags = r.u16();
        m.response = (flags & 0x8000) != 0;
        m.opcode = flags >>> 11 & 0xf;
        m.rcode = flags & 0xf;
        m.questions = r.u16();
        m.answers = r.u16();
        r.skip(4); // authority and additional counts: their records are not reported
        if (m.questions == 0) {
            m.complete = m.answers == 0;
            return m;
        }
        String qname = name(bytes, from, r);
        int qtype = r.u16();
        r.skip(2); // class
        if (!r.ok()) {
            return m;
        }
        m.qname = qname;
        m.qtype = qtype;
        for (int q = 1; q < m.questions && r.ok(); q++) { // more than one question is legal but unused in practice
            skipName(r);
            r.skip(4);
        }
        StringBuilder data = null;
        int seen = 0;
        for (; seen < m.answers; seen++) {
            skipName(r);
            int type = r.u16();
            r.skip(2);
            long ttl = r.s32() & 0xffffffffL;
            int rdlength = r.u16();
            if (!r.has(rdlength)) {
                break;
            }
            int at = r.position();
            if ((type == 1 && rdlength == 4) || (type == 28 && rdlength == 16)) {
                data = data == null ? new StringBuilder(48) : data.append(';');
                if (type == 1) {
                    data.append(r.u8()).append('.').append(r.u8()).append('.').append(r.u8()).append('.').append(r.u8());
                } else {
                    Ipv6Text.append(bytes, at, data);
                    r.skip(16);
                }
                data.append('/').append(ttl);
            } else {
                r.skip(rdlength);
            }
        }
        m.answerData = data == null ? null : data.toString();
        m.complete = seen == m.answers;
        return m;
    }

    /** A domain name in presentation form without the final dot, following compression pointers within the message. */
    private static String name(byte[] bytes, int messageStart, PrefixReader r) {
        StringBuilder sb = new StringBuilder(32);
        int pos = r.position();
        int resumeAt = -1;
        int end = r.position() + r.remaining();
        for (int pointers = 0; ; ) {
            if (pos >= end) {
                r.skip(r.remaining() + 1); // cut: mark the reader exhausted
                return null;
            }
            int len = bytes[pos] & 0xff;
            if (len == 0) {
                pos++;
                break;
            }
            if ((len & 0xc0) == 0xc0) {
                if (pos + 1 >= end || ++pointers > MAX_POINTERS) {
                    r.skip(r.remaining() + 1);
                    return null;
                }
                if (resumeAt < 0) {
                    resumeAt = pos + 2;
                }
                pos = messageStart + ((len & 0x3f) << 8 | bytes[pos + 1] & 0xff);
                continue;
            }
            if ((len & 0xc0) != 0 || pos + 1 + len > end || sb.length() + len + 1 > MAX_NAME) {
                r.skip(r.remaining() + 1); // extended label types (RFC 6891) are obsolete; treat as unparseable
                return null;
            }
            if (!sb.isEmpty()) {
                sb.append('.');
            }
            for (int i = pos + 1; i <= pos + len; i++) {
                sb.append((char) (bytes[i] & 0xff));
            }
            pos += 1 + len;
        }
        int next = resumeAt >= 0 ? resumeAt : pos;
        r.skip(next - r.position());
        return sb.toString();
    }

    /** Advances past a name (answers' owner names are not reported). */
    private static void skipName(PrefixReader r) {
        while (r.ok()) {
            int len = r.u8();
            if (len == 0) {
                return;
            }
            if ((len & 0xc0) == 0xc0) {
                r.skip(1);
                return;
            }
            r.skip(len & 0x3f);
        }
    }
}
