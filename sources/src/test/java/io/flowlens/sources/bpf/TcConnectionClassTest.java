package io.flowlens.sources.bpf;

import static io.flowlens.sources.bpf.Frames.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a connection proved outranks the payload signatures (flowlens.bpf.c connection_class), driven through
 * BPF_PROG_TEST_RUN with hand-built segments: HTTP/2 frames that also pass the Kafka request signature stay HTTP/2
 * (or bulk, without payload) once the preface was seen, a Kafka reply that also passes the HTTP/2 HEADERS signature stays Kafka, and a
 * new connection on the same 5-tuple forgets the old one. Each test uses its own ports: the flow map outlives a test.
 */
@KernelTest
class TcConnectionClassTest {
    private static final String CLIENT = "198.18.0.1", SERVER = "198.18.0.2";
    private static final int NONE = 0, PREFACE = 3, HTTP2_FRAME = 4, KAFKA = 8;
    private static TcTestRun tc;

    @BeforeAll
    static void load() {
        tc = TcTestRun.load(BpfObject.Options.defaults(), BpfObject.PROG_TC_INGRESS);
    }

    @AfterAll
    static void unload() {
        tc.close();
    }

    @Test
    void http2FramesNeverPassForKafkaOnceThePrefaceWasSeen() {
        int port = 41001;
        byte[] ping = frame(6, 0, 0, new byte[8]); // all zero: also a Kafka "Produce v0" request header
        byte[] windowUpdate = frame(8, 0, 0, ByteBuffer.allocate(4).putInt(983041).array());
        byte[] serverSettings = frame(4, 0, 0, ByteBuffer.allocate(12).putShort((short) 3).putInt(0x7fffffff)
                .putShort((short) 4).putInt(1 << 20).array());
        assertThat(classOf(fromClient(port, ping))).as("without the preface: the Kafka signature's guess")
                .isEqualTo(KAFKA);

        assertThat(classOf(fromClient(port, concat(ascii("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), frame(4, 0, 0, new byte[0])))))
                .isEqualTo(PREFACE);
        assertThat(classOf(fromServer(port, serverSettings))).isEqualTo(HTTP2_FRAME);
        // whole frames, exported so that user space knows no header block went unseen
        assertThat(classOf(fromClient(port, ping))).as("PING").isEqualTo(HTTP2_FRAME);
        assertThat(classOf(fromClient(port, windowUpdate))).as("WINDOW_UPDATE").isEqualTo(HTTP2_FRAME);
        assertThat(classOf(fromServer(port, ping))).as("a server segment after a client one that looked like Kafka")
                .isEqualTo(HTTP2_FRAME);
    }

    @Test
    void http2DataIsExportedUnlessItRunsPastTheSegment() {
        int port = 41002;
        classOf(fromClient(port, ascii("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")));
        byte[] trailers = frame(1, 0x05, 3, new byte[] {(byte) 0x88});
        assertThat(classOf(fromServer(port, concat(frame(0, 0, 3, new byte[20]), trailers))))
                .as("a gRPC message and its trailers in one segment").isEqualTo(HTTP2_FRAME);
        assertThat(classOf(fromClient(port, frame(0, 0, 3, new byte[20])))).as("a whole gRPC message").isEqualTo(HTTP2_FRAME);
        byte[] lastOfBulk = java.util.Arrays.copyOf(frame(0, 0x01, 3, new byte[16384]), 1400);
        assertThat(classOf(fromClient(port, lastOfBulk))).as("DATA ending its stream").isEqualTo(HTTP2_FRAME);
        byte[] bulk = java.util.Arrays.copyOf(frame(0, 0, 3, new byte[16384]), 1400); // a frame running past the segment
        List<PacketView> recs = records(fromServer(port, bulk));
        assertThat(recs).singleElement().satisfies(p -> {
            assertThat(p.l7Class()).as("bulk DATA").isEqualTo(NONE);
            assertThat(p.caplen()).isZero();
        });
    }

    @Test
    void kafkaRepliesStayKafkaWhateverTheyLookLike() {
        int port = 41003;
        assertThat(classOf(fromClient(port, kafkaRequest(7)))).isEqualTo(KAFKA);
        // size 0x101 (low byte 1 = HEADERS), correlation id 7: passes looks_http2_frame as a HEADERS frame, and fails
        // the request signature (its "client id length" 0x7fff is too long)
        byte[] reply = reply(0x101, 7);
        assertThat(classOf(fromServer(port, reply))).isEqualTo(KAFKA);
    }

    @Test
    void aNewConnectionForgetsWhatTheOldOneProved() {
        int port = 41004;
        classOf(fromClient(port, kafkaRequest(1)));
        byte[] reply = reply(36, 1);
        assertThat(classOf(fromServer(port, reply))).isEqualTo(KAFKA);
        records(eth4(ipv4(CLIENT, SERVER, TCP, tcp(port, 9092, 5000, 0, 0x02, 64240, new byte[0])))); // SYN
        assertThat(classOf(fromServer(port, reply))).as("no request on the new connection yet").isEqualTo(NONE);
    }

    /** A Kafka reply that no signature of its own recognises: size, correlation id, a body of 0, 0, 0, 0, 0x7f, 0xff... */
    private static byte[] reply(int size, int correlationId) {
        return ByteBuffer.allocate(4 + size).putInt(size).putInt(correlationId).putInt(0).putShort((short) 0x7fff).array();
    }

    /** Kafka request header v2 (ApiVersions v3, client id "c"), as kafka-clients writes it. */
    private static byte[] kafkaRequest(int correlationId) {
        return ByteBuffer.allocate(20).putInt(16).putShort((short) 18).putShort((short) 3).putInt(correlationId)
                .putShort((short) 1).put((byte) 'c').put((byte) 0).putShort((short) 0).put((byte) 0).array();
    }

    private static byte[] frame(int type, int flags, int stream, byte[] payload) {
        return ByteBuffer.allocate(9 + payload.length).put((byte) (payload.length >>> 16))
                .putShort((short) payload.length).put((byte) type).put((byte) flags).putInt(stream).put(payload).array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        return ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
    }

    private static byte[] fromClient(int port, byte[] payload) {
        return eth4(ipv4(CLIENT, SERVER, TCP, tcp(port, 9092, 1, 1, 0x18, 502, payload)));
    }

    private static byte[] fromServer(int port, byte[] payload) {
        return eth4(ipv4(SERVER, CLIENT, TCP, tcp(9092, port, 1, 1, 0x18, 502, payload)));
    }

    private static int classOf(byte[] frame) {
        List<PacketView> recs = records(frame);
        assertThat(recs).hasSize(1);
        return recs.getFirst().l7Class();
    }

    private static List<PacketView> records(byte[] frame) {
        assertThat(tc.run(frame, frame.length)).isEqualTo(-1);
        return tc.drain(1000);
    }
}
