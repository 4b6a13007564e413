package io.flowlens.sources.pcap;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Classic libpcap files (https://www.tcpdump.org/manpages/pcap-savefile.5.html): a 24-byte file header, then
 * records of a 16-byte header and the captured bytes, in the byte order the magic number shows.
 */
final class PcapFormat implements PacketRecords {

    static final int MAGIC_MICROS = 0xA1B2C3D4;
    static final int MAGIC_NANOS = 0xA1B23C4D;
    static final int FILE_HEADER_LENGTH = 24;
    static final int RECORD_HEADER_LENGTH = 16;

    private final Path file;
    private final ChannelInput in;
    private final int linkType;
    private final long fractionNanos; // nanoseconds per unit of a record's sub-second field

    private PcapFormat(Path file, ChannelInput in, int linkType, long fractionNanos) {
        this.file = file;
        this.in = in;
        this.linkType = linkType;
        this.fractionNanos = fractionNanos;
    }

    static boolean isMagic(int bigEndianMagic) {
        return bigEndianMagic == MAGIC_MICROS || bigEndianMagic == MAGIC_NANOS
                || bigEndianMagic == Integer.reverseBytes(MAGIC_MICROS)
                || bigEndianMagic == Integer.reverseBytes(MAGIC_NANOS);
    }

    /** Reads the file header; {@code in} is at offset 0 and starts with a pcap magic. */
    static PcapFormat open(Path file, ChannelInput in) throws IOException {
        int available = in.fill(FILE_HEADER_LENGTH);
        if (available < FILE_HEADER_LENGTH) {
            throw new CaptureFormatException(file, 0, "truncated pcap file header",
                    FILE_HEADER_LENGTH + " bytes needed, " + available + " remain");
        }
        int magic = in.peekIntBigEndian(0);
        boolean bigEndian = magic == MAGIC_MICROS || magic == MAGIC_NANOS;
        in.order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        boolean nanos = (bigEndian ? magic : Integer.reverseBytes(magic)) == MAGIC_NANOS;
        in.skip(20); // magic, version, thiszone (always 0 in practice), sigfigs, snaplen
        // the upper bits of the link type field carry FCS information, not the link type
        int linkType = in.readInt() & 0xFFFF;
        if (!LinkTypes.isSupported(linkType)) {
            throw new CaptureFormatException(file, 20, "unsupported link type in pcap file header",
                    LinkTypes.name(linkType) + "; supported: " + LinkTypes.supportedNames());
        }
        return new PcapFormat(file, in, linkType, nanos ? 1 : 1000);
    }

    @Override
    public boolean next(CapturedFrame out, boolean convert) throws IOException {
        long offset = in.position();
        int available = in.fill(RECORD_HEADER_LENGTH);
        if (available == 0) {
            return false;
        }
        if (available < RECORD_HEADER_LENGTH) {
            throw new CaptureFormatException(file, offset, "truncated packet record header",
                    RECORD_HEADER_LENGTH + " bytes needed, " + available + " remain");
        }
        long seconds = in.readUnsignedInt();
        long fraction = in.readUnsignedInt();
        long capturedLength = in.readUnsignedInt();
        long originalLength = in.readUnsignedInt();
        if (capturedLength > MAX_CAPTURED_LENGTH) {
            throw new CaptureFormatException(file, offset, "corrupt packet record",
                    "header says " + capturedLength + " captured bytes, more than the " + MAX_CAPTURED_LENGTH
                            + " any snaplen allows");
        }
        if (originalLength > Integer.MAX_VALUE) {
            throw new CaptureFormatException(file, offset, "corrupt packet record",
                    "header says the packet had " + originalLength + " bytes on the wire");
        }
        long remaining = in.remaining(capturedLength);
        if (remaining < capturedLength) {
            throw new CaptureFormatException(file, offset, "truncated packet record",
                    "header says " + capturedLength + " captured bytes, " + remaining + " remain");
        }
        int length = (int) capturedLength;
        int frameLength = 0;
        if (convert) {
            byte[] buf = out.bufferOfCapacity(length + CapturedFrame.ETHERNET_HEADER_LENGTH);
            in.readFully(buf, LinkTypes.payloadOffset(linkType), length);
            frameLength = LinkTypes.toEthernet(linkType, buf, length, in.order(), file, offset);
        } else {
            in.skip(length);
        }
        // fits: 2^32 s * 10^9 < 2^63
        long timestamp = seconds * 1_000_000_000L + fraction * fractionNanos;
        out.set(offset, linkType, 0, timestamp, (int) originalLength, frameLength);
        return true;
    }
}
