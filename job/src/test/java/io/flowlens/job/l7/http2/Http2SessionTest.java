package io.flowlens.job.l7.http2;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.job.l7.L7Segment;
import io.flowlens.job.l7.Transaction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Http2Session on real frames from Netty's writer and HPACK encoder. */
class Http2SessionTest {
    private final H2Wire wire = new H2Wire();
    private final Http2Session session = new Http2Session();
    private final List<Transaction> out = new ArrayList<>();

    private void feed(L7Segment s) {
        if (s != null) {
            session.onSegment(s, out::add);
        }
    }

    private void start() {
        feed(wire.client.segment(H2Wire.preface(), wire.client.settings()));
        feed(wire.server.segment(wire.server.settings(), wire.server.settingsAck()));
        feed(wire.client.segment(wire.client.settingsAck()));
    }

    private byte[] get(int stream, String path) {
        return wire.client.headers(stream, true, ":method", "GET", ":scheme", "http", ":path", path,
                ":authority", "example.test:8080", "user-agent", "flowlens-test/1.0");
    }

    private byte[] grpcCall(int stream, String method) {
        return wire.client.headers(stream, false, ":method", "POST", ":scheme", "http", ":path", method,
                ":authority", "svc:50051", "content-type", "application/grpc", "te", "trailers");
    }

    private byte[] ok(int stream, boolean endStream) {
        return wire.server.headers(stream, endStream, ":status", "200", "content-type", "text/plain");
    }

    @Test
    void priorKnowledgeRequestAndResponse() {
        start();
        L7Segment request = wire.client.segment(get(1, "/hello?user=alice"));
        feed(request);
        L7Segment response = wire.server.segment(ok(1, false), wire.server.data(1, 5, true));
        feed(response);

        assertThat(out).hasSize(1);
        Transaction t = out.getFirst();
        assertThat(t.protocol).isEqualTo("http2");
        assertThat(t.method).isEqualTo("GET");
        assertThat(t.target).as("query redacted").isEqualTo("/hello");
        assertThat(t.host).as(":authority").isEqualTo("example.test:8080");
        assertThat(t.status).isEqualTo(200);
        assertThat(t.http2StreamId).isEqualTo(1);
        assertThat(t.latencyNanos()).isEqualTo(response.tsNanos() - request.tsNanos());
        assertThat(session.malformed()).isZero();
        assertThat(session.openStreams()).isZero();
    }

    @Test
    void interleavedStreamsShareOneTablePerDirection() {
        start();
        for (int s = 1; s <= 9; s += 2) {
            feed(wire.client.segment(get(s, "/item/" + s)));
        }
        // answers in reverse order, several per segment; each encoder reuses its dynamic table entries
        feed(wire.server.segment(wire.server.headers(9, true, ":status", "503"), ok(7, true)));
        feed(wire.server.segment(wire.server.headers(5, true, ":status", "404"), ok(3, true), ok(1, true)));

        assertThat(out).extracting(t -> t.http2StreamId + " " + t.method + " " + t.target + " " + t.status)
                .containsExactly("9 GET /item/9 503", "7 GET /item/7 200", "5 GET /item/5 404", "3 GET /item/3 200",
                        "1 GET /item/1 200");
        assertThat(out.getFirst().failed()).isTrue();
    }

    @Test
    void grpcErrorInTrailersAfterUnexportedData() {
        start();
        feed(wire.client.segment(grpcCall(1, "/shop.Catalog/Find")));
        feed(wire.client.segment(wire.client.data(1, 40, true))); // DATA-led, exported as it ends the stream
        feed(wire.server.segment(wire.server.headers(1, false, ":status", "200", "content-type", "application/grpc")));
        assertThat(wire.server.segment(Arrays.copyOf(wire.server.data(1, 3000, false), 1400))).as("bulk DATA").isNull();
        feed(wire.server.segment(wire.server.headers(1, true, "grpc-status", "5",
                "grpc-message", "item%20%22x%22%20not%20found%3A%20%E2%9C%97")));

        assertThat(out).hasSize(1);
        Transaction t = out.getFirst();
        assertThat(t.protocol).isEqualTo("grpc");
        assertThat(t.method).isEqualTo("POST");
        assertThat(t.target).isEqualTo("/shop.Catalog/Find");
        assertThat(t.status).as("grpc-status from the trailers").isEqualTo(5);
        assertThat(t.message).as("percent-decoded UTF-8").isEqualTo("item \"x\" not found: ✗");
        assertThat(t.failed()).isTrue();
        assertThat(session.hpackUnknown(false)).as("the trailers read no entry the unseen DATA could hide").isFalse();
    }

    @Test
    void grpcMessageAndTrailersInOneDataLedSegment() {
        start();
        feed(wire.client.segment(grpcCall(1, "/shop.Catalog/Get"), wire.client.data(1, 12, true)));
        feed(wire.server.segment(wire.server.headers(1, false, ":status", "200", "content-type", "application/grpc")));
        // one write of the message and its trailers (grpc-java's streaming answers): led by DATA without END_STREAM
        L7Segment tail = wire.server.segment(wire.server.data(1, 20, false), wire.server.headers(1, true, "grpc-status", "0"));
        assertThat(tail).as("exported: a frame starts inside it").isNotNull();
        feed(tail);

        assertThat(out).singleElement().satisfies(t -> {
            assertThat(t.protocol).isEqualTo("grpc");
            assertThat(t.status).as("grpc-status from the trailers after the DATA").isZero();
            assertThat(t.host).as(":authority").isEqualTo("svc:50051");
        });
        assertThat(session.hpackUnknown(false)).isFalse();
    }

    @Test
    void grpcTrailersOnlyResponse() {
        start();
        feed(wire.client.segment(grpcCall(1, "/shop.Catalog/Find")));
        feed(wire.server.segment(wire.server.headers(1, true, ":status", "200", "content-type", "application/grpc",
                "grpc-status", "12", "grpc-message", "unimplemented")));

        assertThat(out).singleElement().satisfies(t -> {
            assertThat(t.protocol).isEqualTo("grpc");
            assertThat(t.status).isEqualTo(12);
            assertThat(t.message).isEqualTo("unimplemented");
            assertThat(t.responseNanos).isPositive();
        });
    }

    @Test
    void midConnectionStartLeavesDynamicReferencesUnknownButCountsStreams() {
        // the connection's start and first exchange happen before the capture
        wire.client.segment(H2Wire.preface(), wire.client.settings());
        wire.server.segment(wire.server.settings());
        wire.client.segment(get(1, "/a"));
        wire.server.segment(ok(1, true));

        feed(wire.client.segment(get(3, "/a"))); // every field now comes from the client's dynamic table
        feed(wire.server.segment(ok(3, true)));
        feed(wire.server.segment(ok(1, true))); // a response whose request was never seen

        assertThat(out).singleElement().satisfies(t -> {
            assertThat(t.http2StreamId).isEqualTo(3);
            assertThat(t.method).as("not guessed").isNull();
            assertThat(t.target).isNull();
            assertThat(t.status).isNull();
            assertThat(t.responseNanos).isPositive();
        });
        assertThat(session.hpackUnknown(true)).isTrue();
        assertThat(session.hpackUnknown(false)).isTrue();
        assertThat(session.unmatchedResponses()).isEqualTo(1);
    }

    @Test
    void midConnectionBlockOfStaticEntriesAndLiteralsIsDecodedExactly() {
        wire.client.segment(H2Wire.preface(), wire.client.settings());
        wire.server.segment(wire.server.settings());
        wire.client.segment(get(1, "/a"));
        wire.server.segment(ok(1, true));

        // nothing in this block comes from the dynamic table: its decoding does not depend on what was missed
        feed(wire.client.segment(wire.client.headers(3, true, ":method", "GET", ":scheme", "http", ":path", "/fresh",
                ":authority", "other.test")));
        feed(wire.server.segment(ok(3, true))); // content-type: text/plain is indexed from stream 1's response

        assertThat(out).singleElement().satisfies(t -> {
            assertThat(t.method).isEqualTo("GET");
            assertThat(t.target).isEqualTo("/fresh");
            assertThat(t.status).as("the response reads an entry inserted before the capture").isNull();
        });
        assertThat(session.hpackUnknown(true)).isFalse();
        assertThat(session.hpackUnknown(false)).isTrue();
    }

    @Test
    void headerBlockCutByTheCapMakesLaterDynamicReferencesUnknown() {
        start();
        wire.cap = 40;
        String longPath = "/" + "p".repeat(60);
        feed(wire.client.segment(get(1, longPath))); // cut: its entries go into the sender's table unseen
        wire.cap = 256;
        feed(wire.server.segment(ok(1, true)));
        feed(wire.client.segment(get(3, longPath)));
        feed(wire.server.segment(ok(3, true)));

        assertThat(out).extracting(t -> t.http2StreamId + " " + t.method + " " + t.target + " " + t.status)
                .containsExactly("1 null null 200", "3 null null 200");
        assertThat(session.hpackUnknown(true)).isTrue();
        assertThat(session.hpackUnknown(false)).isFalse();
    }

    @Test
    void continuationInTheSameSegmentIsJoined() {
        start();
        byte[][] frames = wire.client.headersAndContinuation(1, 7, ":method", "GET", ":scheme", "http",
                ":path", "/joined", ":authority", "example.test");
        feed(wire.client.segment(frames[0], frames[1]));
        feed(wire.server.segment(ok(1, true)));

        assertThat(out).extracting(t -> t.method + " " + t.target + " " + t.status).containsExactly("GET /joined 200");
    }

    @Test
    void continuationInTheNextSegmentCompletesTheBlock() {
        start();
        byte[][] frames = wire.client.headersAndContinuation(1, 7, ":method", "GET", ":scheme", "http",
                ":path", "/split", ":authority", "example.test");
        feed(wire.client.segment(frames[0]));
        feed(wire.client.segment(frames[1]));
        feed(wire.server.segment(ok(1, true)));

        assertThat(out).extracting(t -> t.http2StreamId + " " + t.target + " " + t.status).containsExactly("1 /split 200");
        assertThat(session.malformed()).isZero();
    }

    @Test
    void continuationNeverExportedLeavesTheBlockUnknown() {
        start();
        byte[][] frames = wire.client.headersAndContinuation(1, 7, ":method", "GET", ":scheme", "http",
                ":path", "/split", ":authority", "example.test");
        feed(wire.client.segment(frames[0]));
        wire.client.segment(frames[1]); // lost: e.g. the capture's ring was full
        feed(wire.server.segment(ok(1, true)));
        feed(wire.client.segment(get(3, "/split")));
        feed(wire.server.segment(ok(3, true)));

        assertThat(out).extracting(t -> t.http2StreamId + " " + t.target + " " + t.status)
                .containsExactly("1 null 200", "3 null 200");
    }

    @Test
    void h2cUpgradeMakesTheHttp1RequestStreamOne() {
        feed(wire.client.segment(H2Wire.ascii("GET /up?x=1 HTTP/1.1\r\nHost: example.test\r\nConnection: Upgrade, "
                + "HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n")));
        feed(wire.server.segment(H2Wire.ascii("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n"
                + "Upgrade: h2c\r\n\r\n"), wire.server.settings(), ok(1, true)));
        feed(wire.client.segment(H2Wire.preface(), wire.client.settings()));
        feed(wire.client.segment(get(3, "/after")));
        feed(wire.server.segment(wire.server.headers(3, true, ":status", "204")));

        assertThat(out).extracting(t -> t.http2StreamId + " " + t.method + " " + t.target + " " + t.status)
                .containsExactly("1 GET /up 200", "3 GET /after 204");
    }

    @Test
    void plainHttp1IsNotTaken() {
        feed(wire.client.segment(H2Wire.ascii("GET / HTTP/1.1\r\nHost: a\r\n\r\n")));
        feed(wire.server.segment(H2Wire.ascii("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")));
        session.close(out::add);
        assertThat(out).isEmpty();
    }

    @Test
    void rstStreamAndGoAwayEndStreams() {
        start();
        feed(wire.client.segment(get(1, "/a"), get(3, "/b"), get(5, "/c")));
        feed(wire.server.segment(wire.server.rst(1, 8)));
        feed(wire.server.segment(wire.server.goAway(3)));

        assertThat(out).extracting(t -> t.http2StreamId + " " + t.target + " " + t.responseNanos)
                .containsExactly("1 /a 0", "5 /c 0");
        assertThat(session.openStreams()).as("stream 3 may still be answered").isEqualTo(1);
    }

    @Test
    void openStreamsAreBounded() {
        start();
        for (int s = 1; s < 2 * 300; s += 2) {
            feed(wire.client.segment(get(s, "/n")));
        }
        assertThat(session.openStreams()).isEqualTo(Http2Session.MAX_OPEN_STREAMS);
        assertThat(session.evictedStreams()).isEqualTo(300 - Http2Session.MAX_OPEN_STREAMS);
        session.close(out::add);
        assertThat(out).hasSize(300).allSatisfy(t -> assertThat(t.target).isEqualTo("/n"));
    }

    @Test
    void retransmissionIsReadOnce() {
        start();
        long seq = wire.client.seq;
        L7Segment request = wire.client.segment(get(1, "/once"));
        feed(request);
        feed(request);
        assertThat(request.seq()).isEqualTo(seq);
        feed(wire.server.segment(ok(1, true)));
        assertThat(out).hasSize(1);
        assertThat(session.malformed()).isZero();
    }
}
