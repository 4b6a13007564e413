package io.flowlens.sources.bench;

import io.flowlens.testkit.PcapWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A classic pcap of many interleaved TCP connections, written for the replay benchmark and the parallel replay
 * tests: the shared test captures
 * hold few flows, so a replay split by flow cannot show parallelism on them. Each connection (client in
 * 198.18.0.0/16, one of 16 servers in 198.19.0.0/16, port 8080) makes a handshake, an HTTP request and response
 * start, {@code dataSegments} 512-byte data segments each ACKed, and a FIN exchange; the connections advance one
 * packet each in turn, as concurrent connections do. Checksums are left zero (the program does not check them).
 */
public final class SyntheticCapture {
    static final int PAYLOAD = 512;
    private static final byte[] REQUEST = "GET /bench HTTP/1.1\r\nHost: 198.19.0.1:8080\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESPONSE = "HTTP/1.1 200 OK\r\nContent-Length: 36000\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = new byte[PAYLOAD];

    static {
        java.util.Arrays.fill(DATA, (byte) 'x');
    }

    private final ByteBuffer frame = ByteBuffer.allocate(14 + 20 + 20 + PAYLOAD);

    private SyntheticCapture() {}

    /** Writes {@code connections} connections; returns the number of packets (every one makes a record). */
    public static long write(Path file, int connections, int dataSegments) throws IOException {
        SyntheticCapture c = new SyntheticCapture();
        try (PcapWriter out = new PcapWriter(file)) {
            int steps = 5 + 2 * dataSegments + 4;
            for (int step = 0; step < steps; step++) {
                for (int conn = 0; conn < connections; conn++) {
                    c.packet(out, conn, step, dataSegments);
                }
            }
            return out.packets();
        }
    }

    /** Packet {@code step} of connection {@code conn}: SYN, SYN-ACK, ACK, request, response, data/ACK pairs, FINs. */
    private void packet(PcapWriter out, int conn, int step, int dataSegments) throws IOException {
        int client = 0xC6120000 | (conn + 1); // 198.18.x.y
        int server = 0xC6130000 | (conn % 16 + 1); // 198.19.0.z
        int cport = 10000 + conn % 50000;
        long cseq = 1000L + conn; // initial sequence numbers
        long sseq = 5000L + conn;
        long cdata = cseq + 1 + REQUEST.length;
        int lastData = 5 + 2 * dataSegments;
        boolean fromClient;
        int flags;
        long seq;
        long ack;
        byte[] payload = null;
        if (step == 0) {
            fromClient = true; flags = 0x02; seq = cseq; ack = 0;
        } else if (step == 1) {
            fromClient = false; flags = 0x12; seq = sseq; ack = cseq + 1;
        } else if (step == 2) {
            fromClient = true; flags = 0x10; seq = cseq + 1; ack = sseq + 1;
        } else if (step == 3) {
            fromClient = true; flags = 0x18; seq = cseq + 1; ack = sseq + 1; payload = REQUEST;
        } else if (step == 4) {
            fromClient = false; flags = 0x18; seq = sseq + 1; ack = cdata; payload = RESPONSE;
        } else if (step < lastData) {
            int k = (step - 5) / 2; // data segment k from the server, then the client's ACK of it
            long base = sseq + 1 + RESPONSE.length + (long) k * PAYLOAD;
            if ((step - 5) % 2 == 0) {
                fromClient = false; flags = 0x10; seq = base; ack = cdata; payload = DATA;
            } else {
                fromClient = true; flags = 0x10; seq = cdata; ack = base + PAYLOAD;
            }
        } else {
            long send = sseq + 1 + RESPONSE.length + (long) dataSegments * PAYLOAD;
            switch (step - lastData) {
                case 0 -> { fromClient = true; flags = 0x11; seq = cdata; ack = send; }
                case 1 -> { fromClient = false; flags = 0x10; seq = send; ack = cdata + 1; }
                case 2 -> { fromClient = false; flags = 0x11; seq = send; ack = cdata + 1; }
                default -> { fromClient = true; flags = 0x10; seq = cdata + 1; ack = send + 1; }
            }
        }
        int len = payload == null ? 0 : payload.length;
        ByteBuffer b = frame.clear();
        b.put(new byte[] {2, 0, 0, 0, 0, (byte) (fromClient ? 2 : 1), 2, 0, 0, 0, 0, (byte) (fromClient ? 1 : 2)})
                .putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (40 + len)).putShort((short) step).putShort((short) 0x4000)
                .put((byte) 64).put((byte) 6).putShort((short) 0)
                .putInt(fromClient ? client : server).putInt(fromClient ? server : client);
        b.putShort((short) (fromClient ? cport : 8080)).putShort((short) (fromClient ? 8080 : cport))
                .putInt((int) seq).putInt((int) ack).put((byte) 0x50).put((byte) flags).putShort((short) 65535).putInt(0);
        if (payload != null) {
            b.put(payload);
        }
        long usec = 1_700_000_000_000_000L + 10L * out.packets(); // 100 k packets per second of capture time
        out.write(usec, b.array(), b.position(), b.position());
    }
}
