package io.flowlens.sources.pcap;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * Buffered, position-tracking reads from a capture file's channel: streams the file (captures can be GBs) and
 * allocates nothing after construction. Multi-byte values are read in the current {@link #order(ByteOrder)}.
 */
final class ChannelInput implements AutoCloseable {

    // Larger than the largest packet record either format accepts, so a record always fits in the buffer at once.
    static final int BUFFER_SIZE = 512 * 1024;

    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE).flip();
    private long bufferEnd; // file offset just past the last byte read into buffer
    private long knownSize;

    ChannelInput(FileChannel channel) throws IOException {
        this.channel = channel;
        this.knownSize = channel.size();
    }

    void order(ByteOrder order) {
        buffer.order(order);
    }

    ByteOrder order() {
        return buffer.order();
    }

    /** File offset of the next byte to read. */
    long position() {
        return bufferEnd - buffer.remaining();
    }

    /** Bytes left in the file from {@link #position()}. Re-reads the size when needed, so a growing file is fine. */
    long remaining(long atLeast) throws IOException {
        long left = knownSize - position();
        if (left < atLeast) {
            knownSize = Math.max(knownSize, channel.size());
            left = knownSize - position();
        }
        return left;
    }

    /**
     * Buffers up to {@code n} (at most {@link #BUFFER_SIZE}) bytes and returns how many are buffered, which is less
     * than {@code n} only at the end of the file.
     */
    int fill(int n) throws IOException {
        if (buffer.remaining() < n) {
            buffer.compact();
            try {
                while (buffer.position() < n) {
                    int read = channel.read(buffer);
                    if (read < 0) {
                        break;
                    }
                    bufferEnd += read;
                }
            } finally {
                buffer.flip();
            }
        }
        return Math.min(buffer.remaining(), n);
    }

    private void require(int n) throws IOException {
        if (fill(n) < n) {
            throw new EOFException("file ends " + buffer.remaining() + " bytes after offset " + position()
                    + ", " + n + " needed");
        }
    }

    int readInt() throws IOException {
        require(4);
        return buffer.getInt();
    }

    /** Reads an unsigned 32-bit value. */
    long readUnsignedInt() throws IOException {
        return Integer.toUnsignedLong(readInt());
    }

    int readUnsignedShort() throws IOException {
        require(2);
        return Short.toUnsignedInt(buffer.getShort());
    }

    int readUnsignedByte() throws IOException {
        require(1);
        return Byte.toUnsignedInt(buffer.get());
    }

    long readLong() throws IOException {
        require(8);
        return buffer.getLong();
    }

    /** The 4 bytes {@code ahead} bytes from the position, in big-endian order, without consuming anything. */
    int peekIntBigEndian(int ahead) throws IOException {
        require(ahead + 4);
        int value = buffer.getInt(buffer.position() + ahead);
        return buffer.order() == ByteOrder.BIG_ENDIAN ? value : Integer.reverseBytes(value);
    }

    void readFully(byte[] dst, int off, int len) throws IOException {
        require(len);
        buffer.get(dst, off, len);
    }

    /** Skips {@code n} bytes; the caller has checked with {@link #remaining} that they exist. */
    void skip(long n) throws IOException {
        if (n <= buffer.remaining()) {
            buffer.position(buffer.position() + (int) n);
            return;
        }
        long target = position() + n;
        buffer.clear().flip();
        channel.position(target);
        bufferEnd = target;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
