package io.flowlens.job.bench;

import static io.flowlens.sources.bpf.RecordLayouts.PACKET;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import io.flowlens.sources.bpf.PacketView;
import io.flowlens.sources.bpf.RecordLayouts;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * struct fl_packet records laid out as a BPF ring's data area holds them (8-byte header, 8-byte aligned), for a fixed
 * set of concurrent flows picked at random (fixed seed) record by record. 4 in 5 flows are TCP (handshake, then 1400
 * byte segments answered by ACKs, sequence numbers moving on), 1 in 5 UDP request/response. Time moves a fixed gap
 * per record. No flow ends, so every flow stays active.
 */
final class SyntheticRecords {
    /** 2026-01-01T00:00:00Z: the records' clock (kernel time from 0) maps to epoch time from here. */
    static final long EPOCH_NS = 1_767_225_600_000_000_000L;
    static final int HEADER = 8;
    static final int STRIDE = (HEADER + PacketView.SIZE + 7) & ~7;
    private static final ValueLayout.OfLong BE_LONG = JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final long TYPE = off("type"), CAPLEN = off("caplen"), IFINDEX = off("ifindex"), TS = off("ts_ns"), SADDR = off("saddr"),
            DADDR = off("daddr"), SPORT = off("sport"), DPORT = off("dport"), SEQ = off("seq"), ACK = off("ack"),
            IP_LEN = off("ip_len"), L4_LEN = off("l4_payload_len"), SKB_LEN = off("skb_len"), WINDOW = off("window"),
            DIRECTION = off("direction"), IP_VERSION = off("ip_version"), L4_PROTO = off("l4_proto"),
            TCP_FLAGS = off("tcp_flags"), TTL = off("ttl"), TCP_DOFF = off("tcp_doff");

    private final int flows;
    private final long gapNs;
    private final int[] sent;
    private final int[] fwdSeq;
    private final int[] bwdSeq;
    private long rng;
    private long tsNs;

    SyntheticRecords(int flows, long gapNs, long seed) {
        this.flows = flows;
        this.gapNs = gapNs;
        this.sent = new int[flows];
        this.fwdSeq = new int[flows];
        this.bwdSeq = new int[flows];
        this.rng = seed | 1;
        for (int i = 0; i < flows; i++) {
            fwdSeq[i] = mix(seed + i);
            bwdSeq[i] = mix(~seed - i);
        }
    }

    private static long off(String field) {
        return RecordLayouts.offset(PACKET, field);
    }

    private static int mix(long x) {
        x = (x ^ (x >>> 33)) * 0xff51afd7ed558ccdL;
        return (int) (x ^ (x >>> 33));
    }

    /** Bytes n records take in a ring. */
    static long bytes(int n) {
        return (long) n * STRIDE;
    }

    /** Writes the next n records from offset 0 of seg. */
    void fill(MemorySegment seg, int n) {
        long o = 0;
        for (int r = 0; r < n; r++, o += STRIDE) {
            rng ^= rng << 13;
            rng ^= rng >>> 7;
            rng ^= rng << 17;
            int flow = (int) Long.remainderUnsigned(rng, flows);
            tsNs += gapNs;
            seg.set(JAVA_INT_UNALIGNED, o, PacketView.SIZE);
            seg.set(JAVA_INT_UNALIGNED, o + 4, 0);
            if (flow % 5 == 4) {
                udp(seg, o + HEADER, flow);
            } else {
                tcp(seg, o + HEADER, flow);
            }
            sent[flow]++;
        }
    }

    private void tcp(MemorySegment s, long b, int flow) {
        int j = sent[flow];
        boolean fwd;
        int flags, payload = 0, seq, ack;
        if (j == 0) {
            fwd = true; flags = 0x02; seq = fwdSeq[flow]; ack = 0;
            fwdSeq[flow]++;
        } else if (j == 1) {
            fwd = false; flags = 0x12; seq = bwdSeq[flow]; ack = fwdSeq[flow];
            bwdSeq[flow]++;
        } else if (j == 2 || (j & 1) == 0) {
            fwd = j == 2; flags = 0x10;
            seq = fwd ? fwdSeq[flow] : bwdSeq[flow];
            ack = fwd ? bwdSeq[flow] : fwdSeq[flow];
        } else {
            fwd = true; flags = 0x18; payload = 1400; seq = fwdSeq[flow]; ack = bwdSeq[flow];
            fwdSeq[flow] += payload;
        }
        common(s, b, flow, fwd, 6, 443, 40 + payload, payload);
        s.set(JAVA_INT_UNALIGNED, b + SEQ, seq);
        s.set(JAVA_INT_UNALIGNED, b + ACK, ack);
        s.set(JAVA_SHORT_UNALIGNED, b + WINDOW, (short) 502);
        s.set(JAVA_BYTE, b + TCP_FLAGS, (byte) flags);
        s.set(JAVA_BYTE, b + TCP_DOFF, (byte) 20);
    }

    private void udp(MemorySegment s, long b, int flow) {
        boolean fwd = (sent[flow] & 1) == 0;
        int payload = fwd ? 64 : 200;
        common(s, b, flow, fwd, 17, 53, 28 + payload, payload);
        s.set(JAVA_INT_UNALIGNED, b + SEQ, 0);
        s.set(JAVA_INT_UNALIGNED, b + ACK, 0);
        s.set(JAVA_SHORT_UNALIGNED, b + WINDOW, (short) 0);
        s.set(JAVA_BYTE, b + TCP_FLAGS, (byte) 0);
        s.set(JAVA_BYTE, b + TCP_DOFF, (byte) 0);
    }

    /** Client 10.0.0.0 + flow + 1 (port 32768 + low bits) to server 198.18.0.1; every field a ring record carries. */
    private void common(MemorySegment s, long b, int flow, boolean fwd, int proto, int serverPort, int ipLen, int payload) {
        long client = 0xffff_0000_0000L | (0x0a000000L + flow + 1);
        long server = 0xffff_0000_0000L | 0xc6120001L;
        int clientPort = 32768 + (flow & 0x7fff);
        s.set(JAVA_SHORT_UNALIGNED, b + TYPE, (short) RecordLayouts.REC_PACKET);
        s.set(JAVA_SHORT_UNALIGNED, b + CAPLEN, (short) 0); // no payload bytes kept
        s.set(JAVA_INT_UNALIGNED, b + IFINDEX, 2);
        s.set(JAVA_LONG_UNALIGNED, b + TS, tsNs);
        s.set(BE_LONG, b + SADDR, 0);
        s.set(BE_LONG, b + SADDR + 8, fwd ? client : server);
        s.set(BE_LONG, b + DADDR, 0);
        s.set(BE_LONG, b + DADDR + 8, fwd ? server : client);
        s.set(JAVA_SHORT_UNALIGNED, b + SPORT, (short) (fwd ? clientPort : serverPort));
        s.set(JAVA_SHORT_UNALIGNED, b + DPORT, (short) (fwd ? serverPort : clientPort));
        s.set(JAVA_INT_UNALIGNED, b + IP_LEN, ipLen);
        s.set(JAVA_INT_UNALIGNED, b + L4_LEN, payload);
        s.set(JAVA_INT_UNALIGNED, b + SKB_LEN, 14 + ipLen);
        s.set(JAVA_BYTE, b + DIRECTION, (byte) (fwd ? PacketView.DIR_EGRESS : PacketView.DIR_INGRESS));
        s.set(JAVA_BYTE, b + IP_VERSION, (byte) 4);
        s.set(JAVA_BYTE, b + L4_PROTO, (byte) proto);
        s.set(JAVA_BYTE, b + TTL, (byte) 64);
    }
}
