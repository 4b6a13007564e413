package io.flowlens.sources.pcap;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * pcapng files (draft-ietf-opsawg-pcapng): sections of blocks, each section opened by a Section Header Block that sets
 * its byte order and followed by the Interface Description Blocks its packet blocks refer to. Blocks the reader has no
 * use for (name resolution, statistics, custom, ...) are skipped by their length.
 */
final class PcapngFormat implements PacketRecords {

    static final int SECTION_HEADER = 0x0A0D0D0A;
    static final int INTERFACE_DESCRIPTION = 0x00000001;
    static final int OBSOLETE_PACKET = 0x00000002;
    static final int SIMPLE_PACKET = 0x00000003;
    static final int ENHANCED_PACKET = 0x00000006;
    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;

    private static final int OPT_END = 0;
    private static final int IF_TSRESOL = 9;
    private static final int IF_TSOFFSET = 14;

    private static final int NO_BLOCK = -1;
    private static final int OTHER_BLOCK = 0;
    private static final int PACKET_BLOCK = 1;

    private record Interface(int linkType, long snapLength, TimestampResolution resolution) {}

    private final Path file;
    private final ChannelInput in;
    private final List<Interface> interfaces = new ArrayList<>();
    // a Simple Packet Block has no timestamp; it gets the one of the packet before it
    private long previousTimestamp;

    private PcapngFormat(Path file, ChannelInput in) {
        this.file = file;
        this.in = in;
    }

    /** Reads the first Section Header Block; {@code in} is at offset 0 and starts with its block type. */
    static PcapngFormat open(Path file, ChannelInput in) throws IOException {
        PcapngFormat format = new PcapngFormat(file, in);
        format.readBlock(null, false);
        return format;
    }

    @Override
    public boolean next(CapturedFrame out, boolean convert) throws IOException {
        int block;
        do {
            block = readBlock(out, convert);
        } while (block == OTHER_BLOCK);
        return block == PACKET_BLOCK;
    }

    private int readBlock(CapturedFrame out, boolean convert) throws IOException {
        long offset = in.position();
        int available = in.fill(12);
        if (available == 0) {
            return NO_BLOCK;
        }
        if (available < 8) {
            throw new CaptureFormatException(file, offset, "truncated pcapng block header",
                    "8 bytes needed, " + available + " remain");
        }
        int type = in.readInt(); // the SHB type reads the same in both byte orders
        if (type == SECTION_HEADER) {
            if (available < 12) {
                throw new CaptureFormatException(file, offset, "truncated section header block",
                        "12 bytes needed for its byte-order magic, " + available + " remain");
            }
            setByteOrder(offset, in.peekIntBigEndian(4));
        }
        long length = in.readUnsignedInt();
        checkLength(type, offset, length);
        int block = OTHER_BLOCK;
        switch (type) {
            case SECTION_HEADER -> readSectionHeader(offset);
            case INTERFACE_DESCRIPTION -> readInterface(offset, length);
            case ENHANCED_PACKET, OBSOLETE_PACKET, SIMPLE_PACKET -> {
                readPacket(type, offset, length, out, convert);
                block = PACKET_BLOCK;
            }
            default -> {
                // skipped below
            }
        }
        in.skip(offset + length - 4 - in.position());
        long trailer = in.readUnsignedInt();
        if (trailer != length) {
            throw new CaptureFormatException(file, offset, "corrupt " + blockName(type),
                    "block total length is " + length + " at the start but " + trailer + " at the end");
        }
        return block;
    }

    private void setByteOrder(long offset, int magic) throws CaptureFormatException {
        if (magic == BYTE_ORDER_MAGIC) {
            in.order(ByteOrder.BIG_ENDIAN);
        } else if (magic == Integer.reverseBytes(BYTE_ORDER_MAGIC)) {
            in.order(ByteOrder.LITTLE_ENDIAN);
        } else {
            throw new CaptureFormatException(file, offset, "corrupt section header block",
                    String.format("byte-order magic is 0x%08X, not 0x1A2B3C4D in either byte order", magic));
        }
    }

    private void checkLength(int type, long offset, long length) throws IOException {
        int minimum = switch (type) {
            case SECTION_HEADER -> 28;
            case INTERFACE_DESCRIPTION -> 20;
            case ENHANCED_PACKET, OBSOLETE_PACKET -> 32;
            case SIMPLE_PACKET -> 16;
            default -> 12;
        };
        if (length % 4 != 0) {
            throw new CaptureFormatException(file, offset, "corrupt " + blockName(type),
                    "block total length " + length + " is not a multiple of 4");
        }
        if (length < minimum) {
            throw new CaptureFormatException(file, offset, "corrupt " + blockName(type),
                    "block total length " + length + " is less than the minimum of " + minimum);
        }
        long remaining = in.remaining(length - 8);
        if (remaining < length - 8) {
            throw new CaptureFormatException(file, offset, "truncated " + blockName(type),
                    "block total length says " + length + " bytes, " + (remaining + 8) + " remain");
        }
    }

    private void readSectionHeader(long offset) throws IOException {
        in.skip(4); // byte-order magic, already applied
        int major = in.readUnsignedShort();
        int minor = in.readUnsignedShort();
        if (major != 1) {
            throw new CaptureFormatException(file, offset, "unsupported pcapng version",
                    "section header block says version " + major + "." + minor + ", only 1.x is defined");
        }
        // section length and options are of no use for reading packets in order
        interfaces.clear();
    }

    private void readInterface(long offset, long length) throws IOException {
        int linkType = in.readUnsignedShort();
        in.skip(2); // reserved
        long snapLength = in.readUnsignedInt();
        TimestampResolution resolution = TimestampResolution.DEFAULT;
        long optionsEnd = offset + length - 4;
        while (optionsEnd - in.position() >= 4) {
            long optionOffset = in.position();
            int code = in.readUnsignedShort();
            int optionLength = in.readUnsignedShort();
            if (code == OPT_END) {
                break;
            }
            int padded = (optionLength + 3) & ~3;
            if (padded > optionsEnd - in.position()) {
                throw new CaptureFormatException(file, offset, "corrupt interface description block",
                        "option " + code + " at byte offset " + optionOffset + " has " + optionLength
                                + " bytes, more than the block holds");
            }
            if (code == IF_TSRESOL && optionLength >= 1) {
                int tsresol = in.readUnsignedByte();
                resolution = TimestampResolution.fromOption(tsresol, resolution.offsetSeconds());
                if (resolution == null) {
                    throw new CaptureFormatException(file, offset, "unsupported interface description block",
                            String.format("if_tsresol 0x%02X is finer than 64-bit timestamps can count", tsresol));
                }
                in.skip(padded - 1);
            } else if (code == IF_TSOFFSET && optionLength == 8) {
                resolution = resolution.withOffset(in.readLong());
            } else {
                in.skip(padded);
            }
        }
        interfaces.add(new Interface(linkType, snapLength, resolution));
    }

    private void readPacket(int type, long offset, long length, CapturedFrame out, boolean convert)
            throws IOException {
        long interfaceId;
        long ticks = 0;
        long capturedLength;
        long originalLength;
        if (type == SIMPLE_PACKET) {
            interfaceId = 0;
            originalLength = in.readUnsignedInt();
            capturedLength = Math.min(originalLength, length - 16);
        } else {
            if (type == ENHANCED_PACKET) {
                interfaceId = in.readUnsignedInt();
            } else {
                interfaceId = in.readUnsignedShort();
                in.skip(2); // drops count
            }
            ticks = in.readUnsignedInt() << 32 | in.readUnsignedInt();
            capturedLength = in.readUnsignedInt();
            originalLength = in.readUnsignedInt();
            if (capturedLength > length - 32) {
                throw new CaptureFormatException(file, offset, "corrupt " + blockName(type),
                        "captured length " + capturedLength + " does not fit in a block of " + length + " bytes");
            }
        }
        if (interfaceId >= interfaces.size()) {
            throw new CaptureFormatException(file, offset, "corrupt " + blockName(type),
                    "refers to interface " + interfaceId + " but the section describes " + interfaces.size());
        }
        Interface iface = interfaces.get((int) interfaceId);
        if (type == SIMPLE_PACKET && iface.snapLength() != 0) {
            capturedLength = Math.min(capturedLength, iface.snapLength());
        }
        if (capturedLength > MAX_CAPTURED_LENGTH) {
            throw new CaptureFormatException(file, offset, "corrupt " + blockName(type),
                    "captured length " + capturedLength + " is more than the " + MAX_CAPTURED_LENGTH
                            + " any snaplen allows");
        }
        if (originalLength > Integer.MAX_VALUE) {
            throw new CaptureFormatException(file, offset, "corrupt " + blockName(type),
                    "says the packet had " + originalLength + " bytes on the wire");
        }
        if (!LinkTypes.isSupported(iface.linkType())) {
            throw new CaptureFormatException(file, offset, "packet with unsupported link type",
                    "interface " + interfaceId + " has " + LinkTypes.name(iface.linkType()) + "; supported: "
                            + LinkTypes.supportedNames());
        }
        long timestamp = previousTimestamp;
        if (type != SIMPLE_PACKET) {
            try {
                timestamp = iface.resolution().toNanos(ticks);
            } catch (ArithmeticException e) {
                throw new CaptureFormatException(file, offset, "unsupported " + blockName(type),
                        "timestamp " + Long.toUnsignedString(ticks) + " in units of " + iface.resolution()
                                + " is after 2262, beyond 64-bit nanoseconds");
            }
        }
        int frameLength = 0;
        if (convert) {
            int captured = (int) capturedLength;
            byte[] buf = out.bufferOfCapacity(captured + CapturedFrame.ETHERNET_HEADER_LENGTH);
            in.readFully(buf, LinkTypes.payloadOffset(iface.linkType()), captured);
            frameLength = LinkTypes.toEthernet(iface.linkType(), buf, captured, in.order(), file, offset);
        }
        previousTimestamp = timestamp;
        out.set(offset, iface.linkType(), (int) interfaceId, timestamp, (int) originalLength, frameLength);
    }

    private static String blockName(int type) {
        return switch (type) {
            case SECTION_HEADER -> "section header block";
            case INTERFACE_DESCRIPTION -> "interface description block";
            case ENHANCED_PACKET -> "enhanced packet block";
            case OBSOLETE_PACKET -> "obsolete packet block";
            case SIMPLE_PACKET -> "simple packet block";
            default -> String.format("block of type 0x%08X", type);
        };
    }
}
