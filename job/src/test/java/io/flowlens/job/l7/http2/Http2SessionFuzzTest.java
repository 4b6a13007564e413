package io.flowlens.job.l7.http2;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.flowlens.job.l7.L7Segment;
import io.flowlens.job.l7.Transaction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Arbitrary segments into an Http2Session: it never throws, keeps at most {@link Http2Session#MAX_OPEN_STREAMS}
 * streams, and every transaction it emits names a protocol and a stream.
 *
 * <p>Input format, repeated: a control byte (bit 0: from the client; bits 1-3: kernel class 1..8; bit 4: skip the
 * number of bytes given by the next byte before this segment, as an unexported segment would; bit 5: resend at the
 * previous segment's sequence number; bit 6: the wire segment is longer than its prefix by 8 × the next byte), a
 * length byte, then that many prefix bytes (at most 256, the kernel's largest cap).
 *
 * <p>Without JAZZER_FUZZ the {@link FuzzTest} replays the seeds in
 * {@code src/test/resources/io/flowlens/job/l7/http2/Http2SessionFuzzTestInputs/}, real conversations from Netty's
 * encoder; to fuzz, {@code JAZZER_FUZZ=1 mvn -o -pl job test -Dtest=Http2SessionFuzzTest}. The seeded mutations run
 * everywhere.
 */
class Http2SessionFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void arbitrarySegmentsNeverThrowAndStayBounded(byte[] data) {
        run(data);
    }

    @Test
    void seededMutationsOfRealConversationsNeverThrowAndStayBounded() {
        List<byte[]> valid = List.of(encode(Conversations.grpcAndHttp()), encode(Conversations.upgrade()));
        Random random = new Random(20261124);
        for (int i = 0; i < 20_000; i++) {
            run(mutate(valid.get(random.nextInt(valid.size())), random));
        }
    }

    @Test
    void seedsDecodeToTheirStreams() {
        List<Transaction> out = run(encode(Conversations.grpcAndHttp()));
        // stream 5's request indexes entries of stream 1's, and the client's unexported DATA segment came between:
        // it could have held a header block, so the path is not read through a table that may have moved
        assertThat(out).extracting(t -> t.http2StreamId + " " + t.target + " " + t.status)
                .containsExactlyInAnyOrder("1 /a 200", "3 /x.Y/Z 7", "5 null 404");
        assertThat(run(encode(Conversations.upgrade()))).extracting(t -> t.http2StreamId + " " + t.target + " " + t.status)
                .containsExactly("1 /up 200", "3 /b 200");
    }

    private static List<Transaction> run(byte[] data) {
        Http2Session session = new Http2Session();
        List<Transaction> out = new ArrayList<>();
        long[] seq = {1, 1};
        long[] previous = {1, 1};
        int segments = 0;
        for (int i = 0; i + 1 < data.length; ) {
            int ctl = data[i++] & 0xff;
            int dir = ctl & 1;
            if ((ctl & 0x10) != 0 && i < data.length) {
                seq[dir] += data[i++] & 0xff;
            }
            long extra = (ctl & 0x40) != 0 && i < data.length ? 8L * (data[i++] & 0xff) : 0;
            if (i >= data.length) {
                break;
            }
            int length = Math.min(data[i++] & 0xff, data.length - i);
            byte[] bytes = Arrays.copyOfRange(data, i, i + length);
            i += length;
            long at = (ctl & 0x20) != 0 ? previous[dir] : seq[dir];
            L7Segment s = new L7Segment(dir == 1, 1_000L * segments, 1 + ((ctl >> 1) & 7), at & 0xffffffffL,
                    bytes.length + extra, bytes);
            previous[dir] = at;
            seq[dir] = Math.max(seq[dir], at + bytes.length + extra);
            session.onSegment(s, out::add);
            segments++;
            assertThat(session.openStreams()).isLessThanOrEqualTo(Http2Session.MAX_OPEN_STREAMS);
        }
        session.close(out::add);
        assertThat(session.openStreams()).isZero();
        assertThat(session.malformed()).as("counted per segment").isLessThanOrEqualTo(segments);
        assertThat(out).allSatisfy(t -> {
            assertThat(t.protocol).isIn("http2", "grpc");
            assertThat(t.http2StreamId).isPositive();
        });
        return out;
    }

    /** The fuzz format of real segments (see the class comment). */
    static byte[] encode(List<L7Segment> segments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long[] seq = new long[2];
        boolean[] started = new boolean[2];
        for (L7Segment s : segments) {
            int dir = s.fromClient() ? 1 : 0;
            long gap = started[dir] ? s.seq() - seq[dir] : 0;
            long extra = s.payloadLength() - s.bytes().length;
            int ctl = dir | (s.kernelClass() - 1) << 1 | (gap > 0 ? 0x10 : 0) | (extra > 0 ? 0x40 : 0);
            out.write(ctl);
            if (gap > 0) {
                out.write((int) Math.min(gap, 255));
            }
            if (extra > 0) {
                out.write((int) Math.min((extra + 7) / 8, 255));
            }
            out.write(s.bytes().length);
            out.writeBytes(s.bytes());
            started[dir] = true;
            seq[dir] = s.seq() + s.payloadLength();
        }
        return out.toByteArray();
    }

    /** Mutations aimed at HTTP/2 framing: frame-header values, inserted frame headers, cuts, flipped bits. */
    private static byte[] mutate(byte[] original, Random random) {
        byte[] data = original.clone();
        int[] framing = {0x00, 0x01, 0x04, 0x05, 0x08, 0x09, 0x20, 0x2d, 0x40, 0x7f, 0x80, 0xff};
        for (int m = 1 + random.nextInt(4); m > 0 && data.length > 0; m--) {
            int at = random.nextInt(data.length);
            int kind = random.nextInt(4);
            if (kind == 0) {
                data[at] = (byte) framing[random.nextInt(framing.length)];
            } else if (kind == 1) {
                data = Arrays.copyOf(data, at);
            } else if (kind == 2) { // a frame header of a random type, length and stream where none was
                byte[] header = {0, 0, (byte) random.nextInt(64), (byte) random.nextInt(10),
                        (byte) framing[random.nextInt(framing.length)], 0, 0, 0, (byte) random.nextInt(8)};
                byte[] grown = new byte[data.length + header.length];
                System.arraycopy(data, 0, grown, 0, at);
                System.arraycopy(header, 0, grown, at, header.length);
                System.arraycopy(data, at, grown, at + header.length, data.length - at);
                data = grown;
            } else {
                data[at] ^= (byte) (1 << random.nextInt(8));
            }
        }
        return data;
    }

    /** Writes the seeds: {@code java -cp <test classpath> ...Http2SessionFuzzTest <inputs dir>}. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        Files.write(dir.resolve("grpc-and-http"), encode(Conversations.grpcAndHttp()));
        Files.write(dir.resolve("h2c-upgrade"), encode(Conversations.upgrade()));
    }
}
