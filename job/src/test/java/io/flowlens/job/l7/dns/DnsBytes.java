package io.flowlens.job.l7.dns;

import java.io.ByteArrayOutputStream;

/** DNS messages written field by field (RFC 1035 §4.1), answers' owner names as a pointer to the question (0xc00c). */
final class DnsBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int answers;

    private DnsBytes() {}

    static DnsBytes query(int id, String qname, int qtype) {
        return header(id, 0x0100, 0).question(qname, qtype);
    }

    static DnsBytes response(int id, int rcode, int answerCount, String qname, int qtype) {
        return header(id, 0x8180 | rcode, answerCount).question(qname, qtype);
    }

    private static DnsBytes header(int id, int flags, int answerCount) {
        DnsBytes d = new DnsBytes();
        d.u16(id).u16(flags).u16(1).u16(answerCount).u16(0).u16(0);
        return d;
    }

    private DnsBytes question(String qname, int qtype) {
        name(qname);
        return u16(qtype).u16(1);
    }

    DnsBytes a(int ttl, int... octets) {
        byte[] rdata = new byte[octets.length];
        for (int i = 0; i < octets.length; i++) {
            rdata[i] = (byte) octets[i];
        }
        return record(octets.length == 4 ? 1 : 28, ttl, rdata);
    }

    DnsBytes cname(int ttl, String target) {
        ByteArrayOutputStream n = new ByteArrayOutputStream();
        for (String label : target.split("\\.")) {
            n.write(label.length());
            n.writeBytes(label.getBytes());
        }
        n.write(0);
        return record(5, ttl, n.toByteArray());
    }

    DnsBytes record(int type, int ttl, byte[] rdata) {
        u16(0xc00c).u16(type).u16(1).u16(ttl >>> 16).u16(ttl & 0xffff).u16(rdata.length);
        out.writeBytes(rdata);
        answers++;
        return this;
    }

    private void name(String n) {
        for (String label : n.split("\\.")) {
            out.write(label.length());
            out.writeBytes(label.getBytes());
        }
        out.write(0);
    }

    private DnsBytes u16(int v) {
        out.write(v >>> 8);
        out.write(v);
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    /** With RFC 1035 §4.2.2's 2-byte length in front, as over TCP. */
    byte[] tcp() {
        byte[] m = bytes();
        byte[] b = new byte[m.length + 2];
        b[0] = (byte) (m.length >>> 8);
        b[1] = (byte) m.length;
        System.arraycopy(m, 0, b, 2, m.length);
        return b;
    }
}
