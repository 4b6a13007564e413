package io.flowlens.sources.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The frames the benchmarks run through the TC program. */
final class BenchFrames {
    private BenchFrames() {}

    static byte[] tcp(int payloadLen, byte[] payloadStart) {
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + 20 + payloadLen);
        b.put(new byte[] {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2}).putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (40 + payloadLen)).putInt(0).put((byte) 64).put((byte) 6).putShort((short) 0);
        b.put(new byte[] {(byte) 198, 18, 0, 1}).put(new byte[] {(byte) 198, 18, 0, 2});
        b.putShort((short) 40000).putShort((short) 8080).putInt(1).putInt(1).put((byte) 0x50).put((byte) 0x10).putShort((short) 500).putInt(0);
        b.put(payloadStart);
        return b.array();
    }

    static byte[] bareAck() {
        return tcp(0, new byte[0]);
    }

    static byte[] dataSegment1400() {
        byte[] start = new byte[64];
        java.util.Arrays.fill(start, (byte) 'x');
        return tcp(1400, start);
    }

    static byte[] httpRequestStart() {
        byte[] req = "GET /api/v1/items?id=42 HTTP/1.1\r\nHost: 198.18.0.2:8080\r\nUser-Agent: bench/1.0\r\nAccept: */*\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        return tcp(req.length, req);
    }
}
