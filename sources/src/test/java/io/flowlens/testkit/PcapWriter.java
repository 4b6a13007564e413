package io.flowlens.testkit;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a classic pcap (little-endian, microseconds, Ethernet) frame by frame, for captures tests make. */
public final class PcapWriter implements AutoCloseable {
    private final OutputStream out;
    private final ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    private long packets;

    public PcapWriter(Path file) throws IOException {
        this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
        header.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        out.write(header.array());
    }

    /** One packet: {@code frame[0, captured)} of a frame {@code wireLength} bytes long on the wire. */
    public void write(long epochMicros, byte[] frame, int captured, int wireLength) throws IOException {
        header.clear().putInt((int) (epochMicros / 1_000_000)).putInt((int) (epochMicros % 1_000_000))
                .putInt(captured).putInt(wireLength);
        out.write(header.array(), 0, 16);
        out.write(frame, 0, captured);
        packets++;
    }

    public long packets() {
        return packets;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
