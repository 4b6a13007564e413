package io.flowlens.job.tcp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a {@link Dialogue}'s packets as a pcap file (nanosecond timestamps, LINKTYPE_RAW: IPv4 without a link
 * header) so that tshark can analyse exactly the sequence the analyzer saw. Client 10.0.0.1:40000, server
 * 10.0.0.2:80; checksums are left zero (tshark does not verify them by default), payload bytes are zero.
 */
public final class RawIpCapture {
    private static final int LINKTYPE_RAW = 101;
    private static final int MAGIC_NANOS = 0xa1b23c4d;

    private RawIpCapture() {}

    public static void write(Path file, List<Dialogue.Sent> packets) throws IOException {
        int size = 24 + packets.stream().mapToInt(p -> 16 + 40 + p.len()).sum();
        ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(MAGIC_NANOS).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535)
                .putInt(LINKTYPE_RAW);
        for (Dialogue.Sent p : packets) {
            int length = 40 + p.len();
            out.order(ByteOrder.LITTLE_ENDIAN).putInt((int) (p.nanos() / 1_000_000_000L))
                    .putInt((int) (p.nanos() % 1_000_000_000L)).putInt(length).putInt(length);
            out.order(ByteOrder.BIG_ENDIAN);
            byte[] client = {10, 0, 0, 1};
            byte[] server = {10, 0, 0, 2};
            out.put((byte) 0x45).put((byte) 0).putShort((short) length).putShort((short) 0).putShort((short) 0x4000)
                    .put((byte) 64).put((byte) 6).putShort((short) 0)
                    .put(p.fromClient() ? client : server).put(p.fromClient() ? server : client);
            out.putShort((short) (p.fromClient() ? 40000 : 80)).putShort((short) (p.fromClient() ? 80 : 40000))
                    .putInt((int) p.seq()).putInt((int) p.ack()).put((byte) (5 << 4)).put((byte) p.flags())
                    .putShort((short) p.window()).putShort((short) 0).putShort((short) 0);
            out.put(new byte[p.len()]);
        }
        Files.write(file, out.array());
    }
}
