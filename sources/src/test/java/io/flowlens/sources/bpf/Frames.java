package io.flowlens.sources.bpf;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;

/** Builds Ethernet frames byte by byte for kernel tests: the test, not flowlens, decides every header bit. */
final class Frames {
    private Frames() {}

    static final int TCP = 6, UDP = 17, ICMP = 1, ICMPV6 = 58;

    static byte[] ipv4(String src, String dst, int proto, byte[] l4) {
        return ipv4(src, dst, proto, l4, 0, new byte[0]);
    }

    static byte[] ipv4(String src, String dst, int proto, byte[] l4, int fragOff, byte[] options) {
        int ihl = 20 + options.length;
        ByteBuffer b = ByteBuffer.allocate(ihl + l4.length);
        b.put((byte) (0x40 | (ihl / 4))).put((byte) 0).putShort((short) (ihl + l4.length));
        b.putShort((short) 1).putShort((short) fragOff).put((byte) 64).put((byte) proto).putShort((short) 0);
        b.put(addr(src)).put(addr(dst)).put(options).put(l4);
        return b.array();
    }

    static byte[] ipv6(String src, String dst, int nextHeader, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(40 + payload.length);
        b.putInt(0x60000000).putShort((short) payload.length).put((byte) nextHeader).put((byte) 63);
        b.put(addr(src)).put(addr(dst)).put(payload);
        return b.array();
    }

    static byte[] tcp(int sport, int dport, long seq, long ack, int flags, int window, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(20 + payload.length);
        b.putShort((short) sport).putShort((short) dport).putInt((int) seq).putInt((int) ack);
        b.put((byte) 0x50).put((byte) flags).putShort((short) window).putInt(0).put(payload);
        return b.array();
    }

    static byte[] udp(int sport, int dport, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(8 + payload.length);
        b.putShort((short) sport).putShort((short) dport).putShort((short) (8 + payload.length)).putShort((short) 0).put(payload);
        return b.array();
    }

    static byte[] icmpEcho(int type, int id, int seq) {
        ByteBuffer b = ByteBuffer.allocate(16);
        b.put((byte) type).put((byte) 0).putShort((short) 0).putShort((short) id).putShort((short) seq).putLong(0);
        return b.array();
    }

    /** Ethernet header with the given ethertype, optionally preceded by VLAN tags (tpid, vid pairs). */
    static byte[] ether(int ethertype, byte[] l3, int... vlanTags) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(new byte[] {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2});
        for (int i = 0; i + 1 < vlanTags.length; i += 2) {
            o.write(vlanTags[i] >> 8);
            o.write(vlanTags[i]);
            o.write(vlanTags[i + 1] >> 8);
            o.write(vlanTags[i + 1]);
        }
        o.write(ethertype >> 8);
        o.write(ethertype);
        o.writeBytes(l3);
        return o.toByteArray();
    }

    static byte[] eth4(byte[] ipPacket) {
        return ether(0x0800, ipPacket);
    }

    static byte[] eth6(byte[] ipPacket) {
        return ether(0x86DD, ipPacket);
    }

    static byte[] addr(String a) {
        try {
            return InetAddress.getByName(a).getAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(a, e);
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
