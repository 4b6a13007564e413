package io.flowlens.sources.pcap;

import java.util.HexFormat;

/** Sample network-layer packets and the Ethernet frames the reader should make of them. */
final class Packets {

    /** IPv4 + ICMP echo request, 10.0.0.1 -> 10.0.0.2, 28 bytes. */
    static final byte[] IPV4 = HexFormat.of().parseHex(
            "4500001c00010000400166dd0a0000010a000002" + "0800f7ff00000000");

    /** IPv6 + UDP to port 53, ::1 -> ::1, 48 bytes. */
    static final byte[] IPV6 = HexFormat.of().parseHex(
            "6000000000081140" + "00000000000000000000000000000001" + "00000000000000000000000000000001"
                    + "d43100350008abcd");

    /** ARP request, 28 bytes. */
    static final byte[] ARP = HexFormat.of().parseHex(
            "0001080006040001" + "020000000001" + "0a000001" + "000000000000" + "0a000002");

    private Packets() {}

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    /** Zero MACs and the ethertype, then the payload. */
    static byte[] ethernet(int etherType, byte[] payload) {
        return concat(new byte[12], new byte[] {(byte) (etherType >>> 8), (byte) etherType}, payload);
    }
}
