package io.flowlens.job.l7.http2;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.job.l7.L7Segment;
import io.flowlens.job.l7.Transaction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * One real conversation replayed once per (segment, prefix length): that segment is exported cut to every length
 * from 0 to whole. Whatever is cut, the session never throws and every field it reports is the true one: a field it
 * cannot know is null, never a value read through a dynamic table that lost step with the sender's.
 */
class Http2TruncationTest {
    /** stream id → "method|target|status|message" as sent. */
    private final Map<Integer, String> truth = new HashMap<>();

    @Test
    void everyPrefixLengthOfEverySegmentGivesOnlyTrueFields() {
        List<L7Segment> whole = conversation();
        List<Transaction> complete = replay(whole);
        assertThat(complete).extracting(Http2TruncationTest::line)
                .as("uncut, every stream is complete").containsExactlyInAnyOrderElementsOf(truth.values());
        long runs = 0, nullFields = 0;
        for (int i = 0; i < whole.size(); i++) {
            L7Segment s = whole.get(i);
            for (int cut = 0; cut <= s.bytes().length; cut++) {
                List<L7Segment> segments = new ArrayList<>(whole);
                segments.set(i, new L7Segment(s.fromClient(), s.tsNanos(), s.kernelClass(), s.seq(), s.payloadLength(),
                        Arrays.copyOf(s.bytes(), cut)));
                List<Transaction> got = replay(segments);
                Set<Integer> ids = new HashSet<>();
                for (Transaction t : got) {
                    String expected = truth.get(t.http2StreamId);
                    assertThat(expected).as("segment %d cut at %d: stream %s exists", i, cut, t.http2StreamId)
                            .isNotNull();
                    assertThat(ids.add(t.http2StreamId)).as("one transaction per stream").isTrue();
                    String[] want = expected.split("\\|", -1), have = line(t).split("\\|", -1);
                    for (int f = 0; f < want.length; f++) {
                        if (!have[f].equals("null")) {
                            assertThat(have[f]).as("segment %d cut at %d, stream %d, field %d", i, cut,
                                    t.http2StreamId, f).isEqualTo(want[f]);
                        } else if (!want[f].equals("null")) {
                            nullFields++;
                        }
                    }
                }
                runs++;
            }
        }
        System.out.printf("%d cut replays, %d fields left unknown rather than guessed%n", runs, nullFields);
        assertThat(nullFields).as("cuts do hide fields").isPositive();
    }

    private static String line(Transaction t) {
        return t.method + "|" + t.target + "|" + t.status + "|" + t.message;
    }

    private static List<Transaction> replay(List<L7Segment> segments) {
        Http2Session session = new Http2Session();
        List<Transaction> out = new ArrayList<>();
        for (L7Segment s : segments) {
            session.onSegment(s, out::add);
        }
        session.close(out::add);
        return out;
    }

    /** Requests that reuse each other's table entries, a long path, a gRPC error, several frames per segment. */
    private List<L7Segment> conversation() {
        H2Wire wire = new H2Wire();
        List<L7Segment> segments = new ArrayList<>();
        H2Wire.Side c = wire.client, s = wire.server;
        String longPath = "/catalog/" + "x".repeat(90);
        segments.add(c.segment(H2Wire.preface(), c.settings()));
        segments.add(s.segment(s.settings(), s.settingsAck()));
        segments.add(c.segment(get(c, 1, "/a"), get(c, 3, longPath)));
        segments.add(s.segment(s.headers(3, true, ":status", "404"), s.headers(1, false, ":status", "200"),
                s.data(1, 10, true)));
        segments.add(c.segment(get(c, 5, longPath)));
        segments.add(c.segment(c.headers(7, false, ":method", "POST", ":scheme", "http", ":path", "/a.B/C",
                ":authority", "h", "content-type", "application/grpc")));
        segments.add(s.segment(s.headers(5, true, ":status", "404")));
        segments.add(s.segment(s.headers(7, false, ":status", "200", "content-type", "application/grpc")));
        segments.add(s.segment(s.headers(7, true, "grpc-status", "3", "grpc-message", "bad%20arg")));
        segments.add(c.segment(get(c, 9, "/a")));
        segments.add(s.segment(s.headers(9, true, ":status", "200")));
        truth.put(1, "GET|/a|200|null");
        truth.put(3, "GET|" + longPath + "|404|null");
        truth.put(5, "GET|" + longPath + "|404|null");
        truth.put(7, "POST|/a.B/C|3|bad arg");
        truth.put(9, "GET|/a|200|null");
        assertThat(segments).doesNotContainNull();
        return segments;
    }

    private static byte[] get(H2Wire.Side c, int stream, String path) {
        return c.headers(stream, true, ":method", "GET", ":scheme", "http", ":path", path, ":authority",
                "shop.example.test", "accept", "application/json");
    }
}
