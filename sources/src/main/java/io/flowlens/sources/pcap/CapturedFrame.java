package io.flowlens.sources.pcap;

import java.util.HexFormat;

/**
 * One packet of a capture file as an Ethernet frame: a mutable holder that {@link CaptureFileReader#next} fills and the
 * caller reuses, so reading a capture allocates nothing per packet once the buffer is large enough.
 */
public final class CapturedFrame {

    /** Bytes of the Ethernet header synthesized for non-Ethernet link types: two zero MACs and an ethertype. */
    public static final int ETHERNET_HEADER_LENGTH = 14;

    // 64 KiB covers every packet of a 65535-snaplen capture plus the synthesized header without growing.
    static final int INITIAL_CAPACITY = 64 * 1024 + ETHERNET_HEADER_LENGTH;

    private byte[] buffer = new byte[INITIAL_CAPACITY];
    private int frameLength;
    private int originalLength;
    private long timestampNanos;
    private int linkType;
    private int interfaceId;
    private long offset;

    /** Capture time in nanoseconds since the Unix epoch. */
    public long timestampNanos() {
        return timestampNanos;
    }

    /** Length of the original frame on the wire as the capture recorded it, before any link-type conversion. */
    public int originalLength() {
        return originalLength;
    }

    /** Bytes of the Ethernet frame in {@link #buffer()}: the captured bytes after link-type conversion. */
    public int frameLength() {
        return frameLength;
    }

    /**
     * The backing array; bytes {@code [0, frameLength())} are the Ethernet frame. Replaced by a larger array when a
     * packet does not fit, so fetch it again after every {@link CaptureFileReader#next}.
     */
    public byte[] buffer() {
        return buffer;
    }

    /** The link type (DLT number) the packet was captured with, e.g. 113 for LINUX_SLL. */
    public int linkType() {
        return linkType;
    }

    /** The pcapng interface the packet was captured on; 0 for pcap files. */
    public int interfaceId() {
        return interfaceId;
    }

    /** Byte offset of this packet's record (pcap) or block (pcapng) in the file. */
    public long offset() {
        return offset;
    }

    /** Returns a buffer of at least {@code capacity} bytes, growing it (without keeping its contents) if needed. */
    byte[] bufferOfCapacity(int capacity) {
        if (buffer.length < capacity) {
            buffer = new byte[Math.max(capacity, buffer.length * 2)];
        }
        return buffer;
    }

    void set(long offset, int linkType, int interfaceId, long timestampNanos, int originalLength, int frameLength) {
        this.offset = offset;
        this.linkType = linkType;
        this.interfaceId = interfaceId;
        this.timestampNanos = timestampNanos;
        this.originalLength = originalLength;
        this.frameLength = frameLength;
    }

    @Override
    public String toString() {
        return "CapturedFrame{offset=" + offset + ", linkType=" + linkType + ", interfaceId=" + interfaceId
                + ", timestampNanos=" + timestampNanos + ", originalLength=" + originalLength + ", frameLength="
                + frameLength + ", head=" + HexFormat.of().formatHex(buffer, 0, Math.min(frameLength, 34)) + "}";
    }
}
