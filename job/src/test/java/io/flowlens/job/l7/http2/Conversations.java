package io.flowlens.job.l7.http2;

import io.flowlens.job.l7.L7Segment;
import java.util.ArrayList;
import java.util.List;

/** Whole exported conversations from Netty's encoder, for the fuzz seeds and the benchmark. */
public final class Conversations {
    private Conversations() {}

    /** Prior knowledge: GET, a gRPC call with an error in its trailers after unexported DATA, a second GET. */
    static List<L7Segment> grpcAndHttp() {
        H2Wire wire = new H2Wire();
        H2Wire.Side c = wire.client, s = wire.server;
        List<L7Segment> out = new ArrayList<>();
        out.add(c.segment(H2Wire.preface(), c.settings()));
        out.add(s.segment(s.settings(), s.settingsAck()));
        out.add(c.segment(get(c, 1, "/a"), grpc(c, 3, "/x.Y/Z")));
        c.segment(c.data(3, 30, true)); // DATA-led: left out, as the kernel does when it missed the preface
        out.add(s.segment(s.headers(1, true, ":status", "200"),
                s.headers(3, false, ":status", "200", "content-type", "application/grpc")));
        s.segment(s.data(3, 30, false));
        out.add(s.segment(s.headers(3, true, "grpc-status", "7", "grpc-message", "denied")));
        out.add(c.segment(get(c, 5, "/a")));
        out.add(s.segment(s.headers(5, true, ":status", "404")));
        return out;
    }

    /** h2c upgrade: an HTTP/1.1 request answered by 101, the server's SETTINGS and stream 1's response after it. */
    static List<L7Segment> upgrade() {
        H2Wire wire = new H2Wire();
        H2Wire.Side c = wire.client, s = wire.server;
        List<L7Segment> out = new ArrayList<>();
        out.add(c.segment(H2Wire.ascii("GET /up HTTP/1.1\r\nHost: h\r\nUpgrade: h2c\r\n\r\n")));
        out.add(s.segment(H2Wire.ascii("HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n"), s.settings(),
                s.headers(1, true, ":status", "200")));
        out.add(c.segment(H2Wire.preface(), c.settings()));
        out.add(c.segment(get(c, 3, "/b")));
        out.add(s.segment(s.headers(3, true, ":status", "200")));
        return out;
    }

    /**
     * A long-lived connection as exported at {@code cap}: {@code streams} exchanges, alternately a gRPC call
     * (request HEADERS + DATA in one segment, response HEADERS + DATA in one, trailers) and a GET answered with
     * HEADERS + DATA. Every header block is whole and no bytes go unseen, so every field decodes.
     */
    public static List<L7Segment> manyStreams(int streams, int cap) {
        H2Wire wire = new H2Wire();
        wire.cap = cap;
        H2Wire.Side c = wire.client, s = wire.server;
        List<L7Segment> out = new ArrayList<>();
        out.add(c.segment(H2Wire.preface(), c.settings()));
        out.add(s.segment(s.settings(), s.settingsAck()));
        for (int i = 0; i < streams; i++) {
            int id = 2 * i + 1;
            if (i % 2 == 0) {
                out.add(c.segment(grpc(c, id, "/shop.v1.Catalog/Get"), c.data(id, 40, true)));
                out.add(s.segment(s.headers(id, false, ":status", "200", "content-type", "application/grpc"),
                        s.data(id, 200, false)));
                out.add(s.segment(s.headers(id, true, "grpc-status", i % 10 == 0 ? "5" : "0")));
            } else {
                out.add(c.segment(get(c, id, "/items/" + (i % 50))));
                out.add(s.segment(s.headers(id, false, ":status", "200", "content-type", "application/json"),
                        s.data(id, 300, true)));
            }
        }
        return out;
    }

    static byte[] get(H2Wire.Side c, int stream, String path) {
        return c.headers(stream, true, ":method", "GET", ":scheme", "http", ":path", path, ":authority", "h.test");
    }

    static byte[] grpc(H2Wire.Side c, int stream, String path) {
        return c.headers(stream, false, ":method", "POST", ":scheme", "http", ":path", path, ":authority", "h.test",
                "content-type", "application/grpc", "te", "trailers");
    }
}
