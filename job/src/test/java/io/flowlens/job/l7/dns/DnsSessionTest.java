package io.flowlens.job.l7.dns;

import static io.flowlens.job.l7.Segments.capped;
import static io.flowlens.job.l7.Segments.client;
import static io.flowlens.job.l7.Segments.run;
import static io.flowlens.job.l7.Segments.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.job.l7.L7Segment;
import io.flowlens.job.l7.Transaction;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsSessionTest {
    private static final int DNS = L7Segment.DNS;

    private static final byte[] QUERY = DnsBytes.query(0xbeef, "www.example.org", 28).bytes();
    private static final byte[] RESPONSE = DnsBytes.response(0xbeef, 0, 4, "www.example.org", 28)
            .cname(300, "edge.example.net")
            .a(60, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)
            .a(60, 0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0)
            .a(7, 198, 18, 0, 1) // an A answer to an AAAA question: odd but legal, reported all the same
            .bytes();

    @Test
    void queryAndResponseOverUdpBecomeOneTransaction() {
        List<Transaction> out = run(DnsSession.udp(), client(1_000, DNS, 0, QUERY), server(5_000, DNS, 0, RESPONSE));

        assertThat(out).hasSize(1);
        Transaction t = out.getFirst();
        assertThat(t.protocol).isEqualTo("dns");
        assertThat(t.method).isEqualTo("QUERY");
        assertThat(t.target).isEqualTo("www.example.org");
        assertThat(t.dnsId).isEqualTo(0xbeef);
        assertThat(t.dnsQtype).isEqualTo(28);
        assertThat(t.status).isZero();
        assertThat(t.dnsAnswers).isEqualTo(4);
        assertThat(t.dnsAnswerData).isEqualTo("2001:db8::1/60;2001:db8:1::2:0/60;198.18.0.1/7");
        assertThat(t.partial).isNull();
        assertThat(t.latencyNanos()).isEqualTo(4_000);
        assertThat(t.requestBytes).isEqualTo(QUERY.length);
        assertThat(t.responseBytes).isEqualTo(RESPONSE.length);
    }

    @Test
    void tcpSegmentsCarryLengthPrefixedMessagesSeveralToASegment() {
        byte[] q1 = DnsBytes.query(1, "a.example", 1).tcp(), q2 = DnsBytes.query(2, "b.example", 1).tcp();
        byte[] both = new byte[q1.length + q2.length];
        System.arraycopy(q1, 0, both, 0, q1.length);
        System.arraycopy(q2, 0, both, q1.length, q2.length);
        byte[] r2 = DnsBytes.response(2, 3, 0, "b.example", 1).tcp();
        byte[] r1 = DnsBytes.response(1, 0, 1, "a.example", 1).a(30, 10, 0, 0, 1).tcp();

        List<Transaction> out = run(DnsSession.tcp(), client(10, DNS, 1000, both), server(20, DNS, 5000, r2),
                server(30, DNS, 5000 + r2.length, r1));

        assertThat(out).extracting(t -> t.target + " " + t.status + " " + t.dnsAnswerData + " " + t.latencyNanos())
                .as("answered in the reverse order, each matched by id")
                .containsExactly("b.example 3 null 10", "a.example 0 10.0.0.1/30 20");
    }

    @Test
    void responseCutByThePayloadCapKeepsWhatFitsAndSaysPartial() {
        int cut = RESPONSE.length - 10; // inside the last answer
        List<Transaction> out = run(DnsSession.udp(), client(1, DNS, 0, QUERY),
                capped(server(2, DNS, 0, RESPONSE), cut));

        Transaction t = out.getFirst();
        assertThat(t.dnsAnswers).as("the header's count is always there").isEqualTo(4);
        assertThat(t.dnsAnswerData).isEqualTo("2001:db8::1/60;2001:db8:1::2:0/60");
        assertThat(t.partial).isTrue();
        assertThat(t.responseBytes).as("the wire length, not the prefix").isEqualTo(RESPONSE.length);
    }

    @Test
    void everyPrefixLengthOfQueryAndResponseParsesWithoutThrowing() {
        for (boolean tcp : new boolean[] {false, true}) {
            byte[] q = tcp ? DnsBytes.query(0xbeef, "www.example.org", 28).tcp() : QUERY;
            byte[] r = tcp ? withLength(RESPONSE) : RESPONSE;
            for (int qcut = 0; qcut <= q.length; qcut++) {
                for (int rcut = 0; rcut <= r.length; rcut++) {
                    DnsSession session = tcp ? DnsSession.tcp() : DnsSession.udp();
                    List<Transaction> out = run(session, capped(client(1, DNS, 0, q), qcut),
                            capped(server(2, DNS, 0, r), rcut));
                    int header = tcp ? 14 : 12;
                    String where = "tcp=" + tcp + " query cut at " + qcut + ", response cut at " + rcut;
                    assertThat(out).as(where).hasSize(qcut < header ? 0 : 1);
                    if (qcut >= header && rcut >= header) {
                        Transaction t = out.getFirst();
                        assertThat(t.dnsAnswers).as(where).isEqualTo(4);
                        assertThat(t.partial).as(where).isEqualTo(rcut < r.length ? Boolean.TRUE : null);
                        assertThat(t.target).as(where).isIn("www.example.org", null);
                        if (t.partial == null) {
                            assertThat(t.target).as(where).isEqualTo("www.example.org");
                        }
                        assertThat("2001:db8::1/60;2001:db8:1::2:0/60;198.18.0.1/7")
                                .as(where).startsWith(t.dnsAnswerData == null ? "" : t.dnsAnswerData);
                    }
                }
            }
        }
    }

    @Test
    void outstandingQueriesAreBoundedAndLeaveUnanswered() {
        DnsSession session = DnsSession.udp();
        List<Transaction> out = new ArrayList<>();
        for (int id = 0; id < 1000; id++) {
            session.onSegment(client(id, DNS, 0, DnsBytes.query(id, "n" + id + ".example", 1).bytes()), out::add);
        }
        assertThat(session.outstanding()).isEqualTo(DnsSession.MAX_OUTSTANDING);
        assertThat(out).hasSize(1000 - DnsSession.MAX_OUTSTANDING).allMatch(t -> t.responseNanos == 0);
        session.onSegment(server(5000, DNS, 0, DnsBytes.response(3, 0, 0, "n3.example", 1).bytes()), out::add);
        assertThat(session.unmatchedResponses()).as("query 3 was evicted long ago").isEqualTo(1);
    }

    @Test
    void responseWithoutItsQueryIsNotEmitted() {
        DnsSession session = DnsSession.udp();
        assertThat(run(session, server(2, DNS, 0, RESPONSE))).isEmpty();
        assertThat(session.unmatchedResponses()).isEqualTo(1);
    }

    @Test
    void compressionPointerLoopsAndGarbageAreMalformedOrSkippedNotThrown() {
        byte[] loop = {0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 0xc0, 12, 0, 1, 0, 1};
        DnsSession session = DnsSession.udp();
        List<Transaction> out = run(session, client(1, DNS, 0, loop), client(2, DNS, 0, new byte[5]));
        assertThat(out).hasSize(1).allMatch(t -> t.target == null && Boolean.TRUE.equals(t.partial));
        assertThat(session.malformed()).isEqualTo(1);
    }

    private static byte[] withLength(byte[] m) {
        byte[] b = new byte[m.length + 2];
        b[0] = (byte) (m.length >>> 8);
        b[1] = (byte) m.length;
        System.arraycopy(m, 0, b, 2, m.length);
        return b;
    }
}
