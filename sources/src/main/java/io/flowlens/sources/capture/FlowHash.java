package io.flowlens.sources.capture;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Which replay worker a frame goes to: a hash of its flow, equal for both directions, read from the frame's own
 * headers (Ethernet, up to two VLAN tags, IPv4 or IPv6 with the extension headers the TC program walks).
 *
 * <p>Why both directions must agree: each worker has its own kernel object, and the object remembers per
 * connection what it proved (the {@code l7_flows} map: an HTTP/2 preface, a Kafka request), read by the other
 * direction's packets. A connection whose directions landed on different workers would lose only that
 * connection-class knowledge (its later frames classified as if the connection were new); every other field of
 * every record comes from the packet alone. So the hash is canonical: the unordered pair of (address, port)
 * endpoints plus the protocol for TCP/UDP/SCTP first fragments, the unordered address pair otherwise, and 0 for
 * what is not IP.
 */
final class FlowHash {
    private static final VarHandle BE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final int VLAN_MAX_DEPTH = 2; // as the TC program (flowlens.bpf.c)
    private static final int IPV6_EXT_MAX = 6;

    private FlowHash() {}

    /** The worker in {@code [0, workers)} for the Ethernet frame {@code frame[0, length)}. */
    static int worker(byte[] frame, int length, int workers) {
        return workers == 1 ? 0 : Integer.remainderUnsigned(of(frame, length), workers);
    }

    /** The flow hash of an Ethernet frame: the same for both directions of a flow. */
    static int of(byte[] f, int len) {
        if (len < 14) {
            return 0;
        }
        int type = u16(f, 12);
        int off = 14;
        for (int i = 0; i < VLAN_MAX_DEPTH && (type == 0x8100 || type == 0x88A8) && off + 4 <= len; i++) {
            type = u16(f, off + 2);
            off += 4;
        }
        return switch (type) {
            case 0x0800 -> ipv4(f, off, len);
            case 0x86DD -> ipv6(f, off, len);
            default -> 0;
        };
    }

    private static int ipv4(byte[] f, int off, int len) {
        if (off + 20 > len) {
            return 0;
        }
        int ihl = (f[off] & 0x0F) * 4;
        int proto = f[off + 9] & 0xFF;
        int a = mix((int) BE_INT.get(f, off + 12));
        int b = mix((int) BE_INT.get(f, off + 16));
        boolean firstFragment = (u16(f, off + 6) & 0x1FFF) == 0;
        return flow(f, len, a, b, proto, firstFragment && ihl >= 20 ? off + ihl : -1);
    }

    private static int ipv6(byte[] f, int off, int len) {
        if (off + 40 > len) {
            return 0;
        }
        int a = address6(f, off + 8);
        int b = address6(f, off + 24);
        int next = f[off + 6] & 0xFF;
        int l4 = off + 40;
        for (int i = 0; ; i++) {
            if (i == IPV6_EXT_MAX || l4 + 4 > len) {
                return flow(f, len, a, b, next, -1); // the program gives up here too: no ports
            }
            switch (next) {
                case 0, 43, 60 -> { // hop-by-hop, routing, destination options
                    next = f[l4] & 0xFF;
                    l4 += ((f[l4 + 1] & 0xFF) + 1) * 8;
                }
                case 44 -> { // fragment: only the first one carries the L4 header
                    next = f[l4] & 0xFF;
                    if ((u16(f, l4 + 2) & 0xFFF8) != 0) {
                        return flow(f, len, a, b, next, -1);
                    }
                    l4 += 8;
                }
                case 51 -> { // authentication header, length in 4-byte units
                    next = f[l4] & 0xFF;
                    l4 += ((f[l4 + 1] & 0xFF) + 2) * 4;
                }
                default -> {
                    return flow(f, len, a, b, next, l4);
                }
            }
        }
    }

    /** Combines two endpoint hashes commutatively (a + b), with the ports when {@code l4} points at them. */
    private static int flow(byte[] f, int len, int a, int b, int proto, int l4) {
        boolean ports = l4 >= 0 && l4 + 4 <= len && (proto == 6 || proto == 17 || proto == 132);
        if (ports) {
            a = mix(a ^ u16(f, l4));
            b = mix(b ^ u16(f, l4 + 2));
        }
        return mix(a + b + proto);
    }

    private static int address6(byte[] f, int off) {
        int h = 0;
        for (int i = 0; i < 16; i += 4) {
            h = mix(h + (int) BE_INT.get(f, off + i));
        }
        return h;
    }

    private static int u16(byte[] f, int off) {
        return ((f[off] & 0xFF) << 8) | (f[off + 1] & 0xFF);
    }

    /** MurmurHash3's 32-bit finalizer: every input bit moves every output bit, so {@code % workers} splits evenly. */
    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return h;
    }
}
