package io.flowlens.sources.bpf;

import static io.flowlens.sources.bpf.RecordLayouts.PACKET;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A reusable, allocation-free view of one struct fl_packet (and its payload) where the kernel wrote
 * it. Valid only until the ring space is released: copy what must outlive the callback.
 * Unsigned kernel fields are widened to int/long.
 */
public final class PacketView {
    private static final long TYPE = RecordLayouts.offset(PACKET, "type");
    private static final long CAPLEN = RecordLayouts.offset(PACKET, "caplen");
    private static final long IFINDEX = RecordLayouts.offset(PACKET, "ifindex");
    private static final long TS_NS = RecordLayouts.offset(PACKET, "ts_ns");
    private static final long SADDR = RecordLayouts.offset(PACKET, "saddr");
    private static final long DADDR = RecordLayouts.offset(PACKET, "daddr");
    private static final long SPORT = RecordLayouts.offset(PACKET, "sport");
    private static final long DPORT = RecordLayouts.offset(PACKET, "dport");
    private static final long SEQ = RecordLayouts.offset(PACKET, "seq");
    private static final long ACK = RecordLayouts.offset(PACKET, "ack");
    private static final long IP_LEN = RecordLayouts.offset(PACKET, "ip_len");
    private static final long L4_PAYLOAD_LEN = RecordLayouts.offset(PACKET, "l4_payload_len");
    private static final long SKB_LEN = RecordLayouts.offset(PACKET, "skb_len");
    private static final long WINDOW = RecordLayouts.offset(PACKET, "window");
    private static final long GSO_SEGS = RecordLayouts.offset(PACKET, "gso_segs");
    private static final long GSO_SIZE = RecordLayouts.offset(PACKET, "gso_size");
    private static final long ICMP_ID = RecordLayouts.offset(PACKET, "icmp_id");
    private static final long ICMP_SEQ = RecordLayouts.offset(PACKET, "icmp_seq");
    private static final long VLAN_ID = RecordLayouts.offset(PACKET, "vlan_id");
    private static final long DIRECTION = RecordLayouts.offset(PACKET, "direction");
    private static final long IP_VERSION = RecordLayouts.offset(PACKET, "ip_version");
    private static final long L4_PROTO = RecordLayouts.offset(PACKET, "l4_proto");
    private static final long TCP_FLAGS = RecordLayouts.offset(PACKET, "tcp_flags");
    private static final long TTL = RecordLayouts.offset(PACKET, "ttl");
    private static final long ICMP_TYPE = RecordLayouts.offset(PACKET, "icmp_type");
    private static final long ICMP_CODE = RecordLayouts.offset(PACKET, "icmp_code");
    private static final long L7_CLASS = RecordLayouts.offset(PACKET, "l7_class");
    private static final long FLAGS = RecordLayouts.offset(PACKET, "flags");
    private static final long TCP_DOFF = RecordLayouts.offset(PACKET, "tcp_doff");
    public static final int SIZE = (int) PACKET.byteSize();
    private static final java.lang.foreign.ValueLayout.OfLong BE_LONG = JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN);

    public static final int DIR_INGRESS = 0, DIR_EGRESS = 1, DIR_UNKNOWN = 2;
    public static final int FLAG_FRAGMENT = 0x01, FLAG_L4_TRUNCATED = 0x02, FLAG_IPV6_EXT_LIMIT = 0x04;

    private MemorySegment seg;
    private long base;

    /** Points this view at a record; returns this. */
    public PacketView wrap(MemorySegment segment, long offset) {
        this.seg = segment;
        this.base = offset;
        return this;
    }

    /** Record type at a record's start (RecordLayouts.REC_*), to demultiplex before wrapping. */
    public static int recordType(MemorySegment segment, long offset) {
        return Short.toUnsignedInt(segment.get(JAVA_SHORT_UNALIGNED, offset + TYPE));
    }

    private int u8(long f) { return Byte.toUnsignedInt(seg.get(JAVA_BYTE, base + f)); }
    private int u16(long f) { return Short.toUnsignedInt(seg.get(JAVA_SHORT_UNALIGNED, base + f)); }
    private long u32(long f) { return Integer.toUnsignedLong(seg.get(JAVA_INT_UNALIGNED, base + f)); }

    public int caplen() { return u16(CAPLEN); }
    public int ifindex() { return seg.get(JAVA_INT_UNALIGNED, base + IFINDEX); }
    /** ns: kernel monotonic clock live, capture time (Unix epoch) after replay stamping. */
    public long tsNanos() { return seg.get(JAVA_LONG_UNALIGNED, base + TS_NS); }
    public int sport() { return u16(SPORT); }
    public int dport() { return u16(DPORT); }
    public long seq() { return u32(SEQ); }
    public long ack() { return u32(ACK); }
    public long ipLength() { return u32(IP_LEN); }
    public long l4PayloadLength() { return u32(L4_PAYLOAD_LEN); }
    public long skbLength() { return u32(SKB_LEN); }
    public int window() { return u16(WINDOW); }
    public int gsoSegments() { return u16(GSO_SEGS); }
    public int gsoSize() { return u16(GSO_SIZE); }
    public int icmpId() { return u16(ICMP_ID); }
    public int icmpSeq() { return u16(ICMP_SEQ); }
    public int vlanId() { return u16(VLAN_ID); }
    public int direction() { return u8(DIRECTION); }
    public int ipVersion() { return u8(IP_VERSION); }
    public int l4Protocol() { return u8(L4_PROTO); }
    public int tcpFlags() { return u8(TCP_FLAGS); }
    public int ttl() { return u8(TTL); }
    public int icmpType() { return u8(ICMP_TYPE); }
    public int icmpCode() { return u8(ICMP_CODE); }
    public int l7Class() { return u8(L7_CLASS); }
    public int flags() { return u8(FLAGS); }
    public int tcpHeaderLength() { return u8(TCP_DOFF); }

    /** High and low 64 bits of the source address (IPv4 as ::ffff:a.b.c.d), for hashing without allocation. */
    public long saddrHigh() { return seg.get(BE_LONG, base + SADDR); }
    public long saddrLow() { return seg.get(BE_LONG, base + SADDR + 8); }
    public long daddrHigh() { return seg.get(BE_LONG, base + DADDR); }
    public long daddrLow() { return seg.get(BE_LONG, base + DADDR + 8); }

    /** Copies the 16 address bytes into dst. */
    public void saddr(byte[] dst) { MemorySegment.copy(seg, JAVA_BYTE, base + SADDR, dst, 0, 16); }
    public void daddr(byte[] dst) { MemorySegment.copy(seg, JAVA_BYTE, base + DADDR, dst, 0, 16); }

    /** Allocating convenience for tests and logs. */
    public InetAddress sourceAddress() { return address(SADDR); }
    public InetAddress destinationAddress() { return address(DADDR); }

    private InetAddress address(long field) {
        byte[] b = new byte[16];
        MemorySegment.copy(seg, JAVA_BYTE, base + field, b, 0, 16);
        try {
            if (ipVersion() == 4) {
                return InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16));
            }
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** Payload bytes that follow the record (caplen of them): a slice of the ring, valid during the callback. */
    public MemorySegment payload() { return seg.asSlice(base + SIZE, caplen()); }

    /** Wire packets this record stands for (a GSO/GRO super-packet is several). */
    public int wirePackets() { return Math.max(1, gsoSegments()); }

    /**
     * Bytes this record's wire packets add up to, L2 headers included. skb_len counts a GSO super-packet's headers
     * once, but each wire segment repeats them. Locally sent TCP is such a super-packet at TC egress even with
     * TSO/GSO off on the device: the stack segments it in software after TC.
     */
    public long wireBytes() {
        long headers = Math.max(0, skbLength() - l4PayloadLength());
        return skbLength() + (wirePackets() - 1) * headers;
    }

    /** The record's segment and offset, for copying it elsewhere. */
    public MemorySegment segment() { return seg; }
    public long offset() { return base; }

    // Replay stamping: the kernel wrote monotonic time and skb lengths; the capture knows better.
    void setTimestamp(long ns) { seg.set(JAVA_LONG_UNALIGNED, base + TS_NS, ns); }
    void setSkbLength(long len) { seg.set(JAVA_INT_UNALIGNED, base + SKB_LEN, (int) len); }
    void setDirection(int dir) { seg.set(JAVA_BYTE, base + DIRECTION, (byte) dir); }
    void setIfindex(int ifindex) { seg.set(JAVA_INT_UNALIGNED, base + IFINDEX, ifindex); }
}
