package io.flowlens.job.bench;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a synthetic capture (pcap, LINKTYPE_RAW IPv4, ns timestamps) of many concurrent HTTP/1.1 keep-alive
 * connections for the L7 cost benchmark: each a handshake, {@code exchanges} request/response/ACK triples and a FIN
 * close, all connections interleaved exchange by exchange. Written, never sent: the addresses (198.18.0.0/15) are
 * only in the file. With {@code http} false every message's first byte has its case flipped ("gET", "hTTP/1.1"): the
 * same packets and sizes, but no in-kernel signature matches, so the run does no L7 work at all.
 */
final class HttpCapture {
    private static final int LINKTYPE_RAW = 101, MAGIC_NANOS = 0xa1b23c4d;
    private static final byte SYN = 0x02, ACK = 0x10, PSH_ACK = 0x18, FIN_ACK = 0x11;
    private static final long START_NS = 1_700_000_000_000_000_000L, STEP_NS = 2_000;

    private final DataOutputStream out;
    private final ByteBuffer packet = ByteBuffer.allocate(1600);
    private long now = START_NS;
    private long packets;

    private HttpCapture(OutputStream out) {
        this.out = new DataOutputStream(out);
    }

    /** Writes the capture; returns how many packets it holds. */
    static long write(Path file, int connections, int exchanges, boolean http) throws IOException {
        byte[] request = message("GET /api/v1/items/12345 HTTP/1.1\r\nHost: service.namespace.svc.cluster.local\r\n"
                + "User-Agent: bench/1.0\r\nAccept: */*\r\n\r\n", http);
        byte[] response = message("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n"
                + "x".repeat(200), http);
        try (OutputStream file0 = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            HttpCapture c = new HttpCapture(file0);
            c.header();
            long[] cseq = new long[connections], sseq = new long[connections];
            for (int i = 0; i < connections; i++) {
                cseq[i] = 1000L * i;
                sseq[i] = 5000L * i;
                c.tcp(i, true, SYN, cseq[i]++, 0, null);
                c.tcp(i, false, (byte) (SYN | ACK), sseq[i]++, cseq[i], null);
                c.tcp(i, true, ACK, cseq[i], sseq[i], null);
            }
            for (int e = 0; e < exchanges; e++) {
                for (int i = 0; i < connections; i++) {
                    c.tcp(i, true, PSH_ACK, cseq[i], sseq[i], request);
                    cseq[i] += request.length;
                    c.tcp(i, false, PSH_ACK, sseq[i], cseq[i], response);
                    sseq[i] += response.length;
                    c.tcp(i, true, ACK, cseq[i], sseq[i], null);
                }
            }
            for (int i = 0; i < connections; i++) {
                c.tcp(i, true, FIN_ACK, cseq[i]++, sseq[i], null);
                c.tcp(i, false, FIN_ACK, sseq[i]++, cseq[i], null);
                c.tcp(i, true, ACK, cseq[i], sseq[i], null);
            }
            c.out.flush();
            return c.packets;
        }
    }

    private static byte[] message(String text, boolean http) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        if (!http) {
            b[0] ^= 0x20;
        }
        return b;
    }

    private void header() throws IOException {
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(MAGIC_NANOS).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535)
                .putInt(LINKTYPE_RAW);
        out.write(h.array());
    }

    /** Client i is 198.18.x.y:40000+, its server 198.19.x.y:80. */
    private void tcp(int connection, boolean fromClient, byte flags, long seq, long ack, byte[] payload)
            throws IOException {
        int length = 40 + (payload == null ? 0 : payload.length);
        now += STEP_NS;
        packet.clear().order(ByteOrder.LITTLE_ENDIAN).putInt((int) (now / 1_000_000_000L))
                .putInt((int) (now % 1_000_000_000L)).putInt(length).putInt(length);
        int client = (198 << 24) | (18 << 16) | (connection >> 8 & 0xff) << 8 | (connection & 0xff);
        int server = client + (1 << 16);
        int clientPort = 40000 + (connection % 20000);
        packet.order(ByteOrder.BIG_ENDIAN).put((byte) 0x45).put((byte) 0).putShort((short) length).putShort((short) 0)
                .putShort((short) 0x4000).put((byte) 64).put((byte) 6).putShort((short) 0)
                .putInt(fromClient ? client : server).putInt(fromClient ? server : client)
                .putShort((short) (fromClient ? clientPort : 80)).putShort((short) (fromClient ? 80 : clientPort))
                .putInt((int) seq).putInt((int) ack).put((byte) (5 << 4)).put(flags).putShort((short) 64240)
                .putShort((short) 0).putShort((short) 0);
        if (payload != null) {
            packet.put(payload);
        }
        out.write(packet.array(), 0, packet.position());
        packets++;
    }
}
