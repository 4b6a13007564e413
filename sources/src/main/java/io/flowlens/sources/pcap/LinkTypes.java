package io.flowlens.sources.pcap;

import static io.flowlens.sources.pcap.CapturedFrame.ETHERNET_HEADER_LENGTH;

import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * The link types (DLT / LINKTYPE numbers, https://www.tcpdump.org/linktypes.html) the reader understands and their
 * conversion to an Ethernet frame, which is what BPF_PROG_TEST_RUN of a TC program needs.
 */
final class LinkTypes {

    static final int NULL = 0;
    static final int EN10MB = 1;
    static final int RAW_BSD = 12;
    static final int RAW_OPENBSD = 14;
    static final int RAW = 101;
    static final int LOOP = 108;
    static final int LINUX_SLL = 113;
    static final int IPV4 = 228;
    static final int IPV6 = 229;
    static final int LINUX_SLL2 = 276;

    static final int ETHERTYPE_IPV4 = 0x0800;
    static final int ETHERTYPE_IPV6 = 0x86DD;

    private static final int AF_INET = 2;

    private LinkTypes() {}

    /** Bytes of link-layer header before the network layer, or -1 for a link type the reader cannot convert. */
    static int headerLength(int linkType) {
        return switch (linkType) {
            case EN10MB -> 0; // kept as is, see payloadOffset
            case NULL, LOOP -> 4;
            case RAW, RAW_BSD, RAW_OPENBSD, IPV4, IPV6 -> 0;
            case LINUX_SLL -> 16;
            case LINUX_SLL2 -> 20;
            default -> -1;
        };
    }

    static boolean isSupported(int linkType) {
        return headerLength(linkType) >= 0;
    }

    /**
     * Where in the frame buffer the captured bytes go so that for headers shorter than Ethernet's the network layer
     * lands at byte 14 without a copy; longer (SLL) headers are read to 0 and the payload moved down.
     */
    static int payloadOffset(int linkType) {
        return linkType == EN10MB ? 0 : Math.max(0, ETHERNET_HEADER_LENGTH - headerLength(linkType));
    }

    /**
     * Turns the {@code capturedLength} bytes at {@code buf[payloadOffset(linkType)]} into an Ethernet frame at
     * {@code buf[0]} and returns its length. {@code fileOrder} is the capture's byte order, the best guess for the
     * capturing host's order that DLT_NULL uses.
     */
    static int toEthernet(int linkType, byte[] buf, int capturedLength, ByteOrder fileOrder, Path file, long offset)
            throws CaptureFormatException {
        if (linkType == EN10MB) {
            return capturedLength;
        }
        int headerLength = headerLength(linkType);
        if (capturedLength < headerLength) {
            throw new CaptureFormatException(file, offset, "packet too short for its link header",
                    capturedLength + " captured bytes, the " + name(linkType) + " header has " + headerLength);
        }
        int start = payloadOffset(linkType); // first byte of the link header
        int payloadLength = capturedLength - headerLength;
        int etherType = switch (linkType) {
            case NULL -> familyToEtherType(nullFamily(buf, start, fileOrder), linkType, file, offset);
            case LOOP -> familyToEtherType(bigEndianInt(buf, start), linkType, file, offset);
            case LINUX_SLL -> bigEndianShort(buf, start + 14);
            case LINUX_SLL2 -> bigEndianShort(buf, start);
            case IPV4 -> ETHERTYPE_IPV4;
            case IPV6 -> ETHERTYPE_IPV6;
            default -> ipVersionToEtherType(buf, start, payloadLength, linkType, file, offset);
        };
        if (headerLength > ETHERNET_HEADER_LENGTH) {
            System.arraycopy(buf, start + headerLength, buf, ETHERNET_HEADER_LENGTH, payloadLength);
        }
        for (int i = 0; i < 12; i++) {
            buf[i] = 0;
        }
        buf[12] = (byte) (etherType >>> 8);
        buf[13] = (byte) etherType;
        return ETHERNET_HEADER_LENGTH + payloadLength;
    }

    // DLT_NULL's family is in the capturing host's byte order, which need not be the file's (a file rewritten on
    // another host keeps the packet bytes); families are small, so a value with high bits set is byte-swapped, as
    // Wireshark's packet-null.c also assumes.
    private static int nullFamily(byte[] buf, int at, ByteOrder fileOrder) {
        int family = bigEndianInt(buf, at);
        if (fileOrder == ByteOrder.LITTLE_ENDIAN) {
            family = Integer.reverseBytes(family);
        }
        return (family & 0xFFFF0000) != 0 ? Integer.reverseBytes(family) : family;
    }

    private static int familyToEtherType(int family, int linkType, Path file, long offset)
            throws CaptureFormatException {
        return switch (family) {
            case AF_INET -> ETHERTYPE_IPV4;
            // AF_INET6 differs by OS: Linux 10, NetBSD/OpenBSD 24, FreeBSD 28, Darwin 30
            case 10, 24, 28, 30 -> ETHERTYPE_IPV6;
            default -> throw new CaptureFormatException(file, offset, "packet with unsupported address family",
                    name(linkType) + " family " + Integer.toUnsignedString(family)
                            + ", only AF_INET (2) and AF_INET6 (10, 24, 28, 30) can become Ethernet frames");
        };
    }

    private static int ipVersionToEtherType(byte[] buf, int at, int length, int linkType, Path file, long offset)
            throws CaptureFormatException {
        int version = length == 0 ? -1 : (buf[at] & 0xF0) >>> 4;
        return switch (version) {
            case 4 -> ETHERTYPE_IPV4;
            case 6 -> ETHERTYPE_IPV6;
            default -> throw new CaptureFormatException(file, offset, "packet that is neither IPv4 nor IPv6",
                    name(linkType) + " packet " + (version < 0 ? "is empty" : "has IP version " + version));
        };
    }

    private static int bigEndianInt(byte[] buf, int at) {
        return (buf[at] & 0xFF) << 24 | (buf[at + 1] & 0xFF) << 16 | (buf[at + 2] & 0xFF) << 8 | buf[at + 3] & 0xFF;
    }

    private static int bigEndianShort(byte[] buf, int at) {
        return (buf[at] & 0xFF) << 8 | buf[at + 1] & 0xFF;
    }

    /** "LINUX_SLL (113)"; also names common link types the reader does not support, for error messages. */
    static String name(int linkType) {
        String name = switch (linkType) {
            case NULL -> "NULL";
            case EN10MB -> "EN10MB";
            case RAW, RAW_BSD, RAW_OPENBSD -> "RAW";
            case LOOP -> "LOOP";
            case LINUX_SLL -> "LINUX_SLL";
            case IPV4 -> "IPV4";
            case IPV6 -> "IPV6";
            case LINUX_SLL2 -> "LINUX_SLL2";
            case 6 -> "IEEE802";
            case 9 -> "PPP";
            case 50 -> "PPP_HDLC";
            case 104 -> "C_HDLC";
            case 105 -> "IEEE802_11";
            case 119 -> "PRISM_HEADER";
            case 127 -> "IEEE802_11_RADIO";
            case 143 -> "DOCSIS";
            case 192 -> "PPI";
            case 195 -> "IEEE802_15_4";
            case 220 -> "USB_LINUX_MMAPPED";
            case 249 -> "USBPCAP";
            case 253 -> "NETLINK";
            case 263 -> "ETW";
            default -> "unknown";
        };
        return name + " (" + linkType + ")";
    }

    static String supportedNames() {
        return "EN10MB (1), LINUX_SLL (113), LINUX_SLL2 (276), NULL (0), LOOP (108), RAW (101, 12, 14), IPV4 (228),"
                + " IPV6 (229)";
    }
}
