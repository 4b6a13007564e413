package io.flowlens.job.l7.http;

import static io.flowlens.job.l7.L7Segment.HTTP1_REQUEST;
import static io.flowlens.job.l7.L7Segment.HTTP1_RESPONSE;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.job.l7.Exchange;
import io.flowlens.job.l7.Transaction;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpSessionTest {

    private static final String HEAD_999 = "HTTP/1.1 200 OK\r\nContent-Length: 999\r\n\r\n";
    private static final String OK_5 = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";

    private static Exchange exchange(HttpSession session, int cap) {
        return new Exchange(session, cap, HTTP1_REQUEST, HTTP1_RESPONSE);
    }

    @Test
    void oneExchangeWithSizesLatencyAndRedactedQuery() {
        HttpSession s = new HttpSession(false);
        String req = "GET /search?q=secret HTTP/1.1\r\nHost: example.org\r\n\r\n";
        List<Transaction> out = exchange(s, 256).client(req).server(OK_5).close();

        assertThat(out).hasSize(1);
        Transaction t = out.getFirst();
        assertThat(t.protocol).isEqualTo("http");
        assertThat(t.method).isEqualTo("GET");
        assertThat(t.target).as("query redacted").isEqualTo("/search?");
        assertThat(t.host).isEqualTo("example.org");
        assertThat(t.status).isEqualTo(200);
        assertThat(t.message).isEqualTo("OK");
        assertThat(t.requestBytes).isEqualTo(req.length());
        assertThat(t.responseBytes).isEqualTo(OK_5.length());
        assertThat(t.latencyNanos()).isEqualTo(1_000_000L);
        assertThat(t.keepAlive).isTrue();
        assertThat(t.pipelined).isFalse();
    }

    @Test
    void keepQueryKeepsIt() {
        List<Transaction> out = exchange(new HttpSession(true), 256)
                .client("GET /a?b=c HTTP/1.1\r\n\r\n").server(OK_5).close();
        assertThat(out.getFirst().target).isEqualTo("/a?b=c");
    }

    @Test
    void pipelinedRequestsInOneSegmentAndResponsesInOneSegmentPairInOrder() {
        HttpSession s = new HttpSession(false);
        List<Transaction> out = exchange(s, 256)
                .client("GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\nHEAD /3 HTTP/1.1\r\n\r\n")
                .server(OK_5 + "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
                .server(HEAD_999) // HEAD: no body follows
                .close();

        assertThat(out).extracting(t -> t.target + " " + t.status)
                .containsExactly("/1 200", "/2 404", "/3 200");
        assertThat(out).extracting(t -> t.pipelined).containsExactly(false, true, true);
        assertThat(out.get(2).responseBytes).as("HEAD response has no body").isEqualTo(HEAD_999.length());
        assertThat(s.outstanding()).isZero();
        assertThat(s.unattributed()).isZero();
    }

    @Test
    void responseBodySpanningUnexportedSegmentsKeepsTheCursor() {
        String head = "HTTP/1.1 200 OK\r\nContent-Length: 3000\r\n\r\n";
        List<Transaction> out = exchange(new HttpSession(false), 128)
                .client("GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\n\r\n")
                .server(head + "x".repeat(1400)).serverBulk(1600)
                .server(OK_5)
                .close();
        assertThat(out).extracting(t -> t.target + " " + t.status).containsExactly("/1 200", "/2 200");
        assertThat(out.getFirst().responseBytes).isEqualTo(head.length() + 3000L);
    }

    @Test
    void requestLineCutAtThePayloadCapIsMarkedNotGarbage() {
        String path = "/very/long/" + "p".repeat(200);
        List<Transaction> out = exchange(new HttpSession(false), 64)
                .client("GET " + path + " HTTP/1.1\r\nHost: h\r\n\r\n").server(OK_5).close();
        Transaction t = out.getFirst();
        assertThat(t.method).isEqualTo("GET");
        assertThat(t.target).endsWith("…").isEqualTo(path.substring(0, 60) + "…");
        assertThat(t.requestBytes).as("length unknown past the cap").isNull();
        assertThat(t.keepAlive).as("the Connection header may lie beyond the cap").isNull();
        assertThat(t.status).isEqualTo(200);
    }

    @Test
    void cutQueryLeavesAWholePath() {
        List<Transaction> out = exchange(new HttpSession(false), 24)
                .client("GET /p?averyveryveryverylongquery HTTP/1.1\r\n\r\n").close();
        assertThat(out.getFirst().target).isEqualTo("/p?");
    }

    @Test
    void http10ClosesAndHttp11ConnectionCloseToo() {
        List<Transaction> out = exchange(new HttpSession(false), 256)
                .client("GET /a HTTP/1.0\r\n\r\n").server("HTTP/1.0 200 OK\r\n\r\nbody until close").close();
        assertThat(out.getFirst().keepAlive).isFalse();
        assertThat(out.getFirst().responseBytes).as("delimited by close").isNull();

        out = exchange(new HttpSession(false), 256)
                .client("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").server(OK_5)
                .client("GET /b HTTP/1.1\r\nConnection: close\r\n\r\n").server(OK_5).close();
        assertThat(out).extracting(t -> t.keepAlive).containsExactly(true, false);
    }

    @Test
    void responseWithoutRequestHasNullMethodNotAGuess() {
        HttpSession s = new HttpSession(false);
        List<Transaction> out = exchange(s, 256).server(OK_5).client("GET /next HTTP/1.1\r\n\r\n").server(OK_5)
                .close();
        assertThat(out).hasSize(2);
        assertThat(out.get(0).method).isNull();
        assertThat(out.get(0).status).isEqualTo(200);
        assertThat(out.get(0).latencyNanos()).isEqualTo(-1);
        assertThat(out.get(1).target).isEqualTo("/next");
    }

    @Test
    void missedResponseStartsWithSeveralWaitingLeaveUnpaired() {
        HttpSession s = new HttpSession(false);
        // the first response's length is not visible (chunked), so what its bulk hides is unknown
        List<Transaction> out = exchange(s, 256)
                .client("GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\n\r\nGET /3 HTTP/1.1\r\n\r\n")
                .server("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
                .serverBulk(700)
                .server("HTTP/1.1 500 Oops\r\nContent-Length: 0\r\n\r\n")
                .close();
        assertThat(out.getFirst().target).isEqualTo("/1");
        assertThat(out.getFirst().status).isEqualTo(200);
        assertThat(out.subList(1, 3)).as("/2 and /3 leave unanswered")
                .allSatisfy(t -> assertThat(t.responseNanos).isZero());
        assertThat(out.get(3).method).isNull();
        assertThat(out.get(3).status).isEqualTo(500);
        assertThat(s.unattributed()).isEqualTo(3);
    }

    @Test
    void interimResponsesAndRetransmissionsDoNotPair() {
        HttpSession s = new HttpSession(false);
        String req = "POST /u HTTP/1.1\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n";
        List<Transaction> out = exchange(s, 256)
                .client(req).clientRetransmit(req, req.length())
                .server("HTTP/1.1 100 Continue\r\n\r\n").clientBulk(4)
                .server("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n").close();
        assertThat(out).hasSize(1);
        assertThat(out.getFirst().status).isEqualTo(201);
        assertThat(out.getFirst().requestBytes).isEqualTo(req.length() + 4L);
        assertThat(s.stale()).isEqualTo(1);
    }

    @Test
    void bodyBytesThatLookLikeARequestInsideAKnownBodyAreSkipped() {
        HttpSession s = new HttpSession(false);
        String req = "POST /u HTTP/1.1\r\nContent-Length: 100\r\n\r\n";
        List<Transaction> out = exchange(s, 256)
                .client(req).client("GET /not-a-request HTTP/1.1\r\n\r\n" + "z".repeat(68))
                .server(OK_5).close();
        assertThat(out).extracting(t -> t.target).containsExactly("/u");
        assertThat(s.stale()).isEqualTo(1);
    }

    @Test
    void malformedIsCountedAndTheNextStartResynchronises() {
        HttpSession s = new HttpSession(false);
        List<Transaction> out = exchange(s, 256)
                .client("GET /a HTTP/1.1\r\nBad Header Without Colon\r\n\r\n")
                .client("GET /b HTTP/1.1\r\n\r\n").server(OK_5).close();
        assertThat(s.malformed()).isEqualTo(1);
        assertThat(out).extracting(t -> t.target).containsExactly("/b");
    }

    @Test
    void outstandingQueueIsBoundedAndCountsOverflow() {
        HttpSession s = new HttpSession(false, 4);
        Exchange e = exchange(s, 256);
        for (int i = 0; i < 10; i++) {
            e.client("GET /" + i + " HTTP/1.1\r\n\r\n");
        }
        assertThat(s.outstanding()).isEqualTo(4);
        assertThat(s.overflowed()).isEqualTo(6);
        assertThat(e.close()).extracting(t -> t.target).containsExactly("/6", "/7", "/8", "/9");
    }

    @Test
    void requestAfterACutOneWhileItWaitsIsNotPairedByGuess() {
        HttpSession s = new HttpSession(false);
        // the first segment's headers run past the cap: more pipelined requests may follow unseen in it
        List<Transaction> out = exchange(s, 32)
                .client("GET /1 HTTP/1.1\r\nHost: a-long-host-name.example\r\n\r\nGET /hidden HTTP/1.1\r\n\r\n")
                .client("GET /3 HTTP/1.1\r\n\r\n")
                .server(OK_5).server(OK_5).server(OK_5)
                .close();
        assertThat(out).filteredOn(t -> "/1".equals(t.target)).singleElement()
                .satisfies(t -> assertThat(t.status).isEqualTo(200));
        assertThat(out).filteredOn(t -> "/3".equals(t.target)).singleElement()
                .satisfies(t -> assertThat(t.responseNanos).as("the /hidden response would pair with it").isZero());
        assertThat(out).filteredOn(t -> t.method == null).hasSize(2);
    }
}
