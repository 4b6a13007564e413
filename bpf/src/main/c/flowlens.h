/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * flowlens kernel <-> user ABI: the ONE definition of every record the kernel writes.
 *
 * Fixed-width types, explicit padding, no `packed`. The Java side mirrors these structs in
 * io.flowlens.sources.bpf.RecordLayouts; RecordLayoutsTest checks every offset and size
 * against the BTF of the compiled object, so the two cannot drift.
 */
#ifndef FLOWLENS_H
#define FLOWLENS_H

#include <linux/types.h>

/* Largest payload prefix a record can carry; the load-time cap (payload_cap) is <= this. */
#define FL_PAYLOAD_MAX 256

/* Record types: the first __u16 of every record in the ring buffer. */
enum fl_record_type {
    FL_REC_PACKET = 1, /* struct fl_packet, optionally followed by payload bytes */
    FL_REC_OOM = 2,    /* struct fl_oom */
};

/* Where the packet was seen. */
enum fl_direction {
    FL_DIR_INGRESS = 0,
    FL_DIR_EGRESS = 1,
    FL_DIR_UNKNOWN = 2, /* pcap replay: the capture does not say */
};

/* TCP flags, bit per flag, as in the TCP header's byte 13. */
enum fl_tcp_flag {
    FL_TCP_FIN = 0x01,
    FL_TCP_SYN = 0x02,
    FL_TCP_RST = 0x04,
    FL_TCP_PSH = 0x08,
    FL_TCP_ACK = 0x10,
    FL_TCP_URG = 0x20,
    FL_TCP_ECE = 0x40,
    FL_TCP_CWR = 0x80,
};

/* In-kernel L7 signature of the payload's first bytes, by content, never by port. */
enum fl_l7_class {
    FL_L7_NONE = 0,
    FL_L7_HTTP1_REQUEST = 1,  /* "GET ", "POST ", ... */
    FL_L7_HTTP1_RESPONSE = 2, /* "HTTP/1." */
    FL_L7_HTTP2_PREFACE = 3,  /* "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" */
    FL_L7_HTTP2_FRAME = 4,    /* a plausible HEADERS/SETTINGS/RST_STREAM/GOAWAY frame header */
    FL_L7_TLS_CLIENT_HELLO = 5,
    FL_L7_DNS = 6,            /* DNS header over UDP, or length-prefixed over TCP */
    FL_L7_REDIS = 7,          /* a RESP2/RESP3 type byte, digits or text, then CRLF; an inline command */
    FL_L7_KAFKA = 8,          /* size-prefixed request header with a known api_key/version */
};

/* fl_packet.flags */
enum fl_packet_flag {
    FL_F_FRAGMENT = 0x01,    /* IPv4/IPv6 fragment: a non-first fragment carries no L4 header */
    FL_F_L4_TRUNCATED = 0x02, /* the L4 header did not fit in the packet */
    FL_F_IPV6_EXT_LIMIT = 0x04, /* more IPv6 extension headers than we walk: L4 unknown */
};

/*
 * One packet seen at TC. 96 bytes; payload bytes (caplen of them) follow when the L7 signature
 * needed them. Java layout: io.flowlens.sources.bpf.RecordLayouts.PACKET.
 */
struct fl_packet {
    __u16 type;           /* FL_REC_PACKET */
    __u16 caplen;         /* payload bytes that follow this struct, 0..FL_PAYLOAD_MAX */
    __u32 ifindex;        /* interface the packet was seen on (skb->ifindex) */
    __u64 ts_ns;          /* ns, bpf_ktime_get_ns() (CLOCK_MONOTONIC); replay stamps capture time */
    __u8 saddr[16];       /* IPv6, or IPv4 as ::ffff:a.b.c.d */
    __u8 daddr[16];       /* same */
    __u16 sport;          /* host byte order; 0 without ports */
    __u16 dport;          /* host byte order */
    __u32 seq;            /* TCP sequence number, host order */
    __u32 ack;            /* TCP acknowledgement number, host order */
    __u32 ip_len;         /* bytes, IP header + payload of this skb (a GSO super-packet: all of it) */
    __u32 l4_payload_len; /* bytes after the L4 header (or after the IP header without L4) */
    __u32 skb_len;        /* bytes, skb->len as TC sees it (with L2 header) */
    __u16 window;         /* TCP window field, unscaled */
    __u16 gso_segs;       /* wire packets in this skb: 1 unless GSO/GRO merged several */
    __u16 gso_size;       /* bytes of payload per wire segment when gso_segs > 1 */
    __u16 icmp_id;        /* ICMP/ICMPv6 echo identifier */
    __u16 icmp_seq;       /* ICMP/ICMPv6 echo sequence */
    __u16 vlan_id;        /* outermost 802.1Q/802.1ad VLAN id, 0 if untagged */
    __u8 direction;       /* enum fl_direction */
    __u8 ip_version;      /* 4 or 6 */
    __u8 l4_proto;        /* IPPROTO_* of the final header */
    __u8 tcp_flags;       /* enum fl_tcp_flag bits */
    __u8 ttl;             /* IPv4 TTL or IPv6 hop limit */
    __u8 icmp_type;
    __u8 icmp_code;
    __u8 l7_class;        /* enum fl_l7_class */
    __u8 flags;           /* enum fl_packet_flag bits */
    __u8 tcp_doff;        /* TCP header length in bytes */
    __u8 _pad[2];
};

/* A process chosen by the OOM killer (tracepoint oom/mark_victim). Java: RecordLayouts.OOM. */
struct fl_oom {
    __u16 type;        /* FL_REC_OOM */
    __u16 _pad0;
    __u32 pid;         /* victim's pid */
    __u64 ts_ns;       /* ns, bpf_ktime_get_ns() */
    __u64 total_vm_kb; /* 0 where the kernel's tracepoint lacks the field */
    __u64 anon_rss_kb;
    char comm[16];     /* victim's command, empty where the tracepoint lacks it */
};

/*
 * Load-time knobs: the program's only .rodata variable (so it sits at offset 0), written by the
 * loader before load. Java: RecordLayouts.CONFIG.
 */
struct fl_config {
    __u64 wakeup_bytes;   /* wake the reader once this many bytes are queued in the ring */
    __u32 payload_cap;    /* bytes of payload exported per signature match, <= FL_PAYLOAD_MAX (a TLS ClientHello: FL_PAYLOAD_MAX) */
    __u8 oom_has_details; /* oom/mark_victim has comm, total_vm, anon_rss (kernel >= 6.x) */
    __u8 _pad[3];
};

/* Indices of the per-CPU counters map. Java: io.flowlens.sources.bpf.Counter. */
enum fl_counter {
    FL_CNT_PACKETS = 0,       /* packets the TC program saw */
    FL_CNT_RECORDS = 1,       /* records written to the ring buffer */
    FL_CNT_RINGBUF_DROPS = 2, /* records lost: ring buffer reservation failed */
    FL_CNT_PAYLOAD_BYTES = 3, /* payload bytes exported */
    FL_CNT_NOT_IP = 4,        /* frames that were not IPv4/IPv6 (ARP, LLDP, ...): no record */
    FL_CNT_MALFORMED = 5,     /* IP headers that failed validation: no record */
    FL_CNT_OOM_KILLS = 6,     /* OOM victims seen */
    FL_CNT_MAX = 8,
};

#endif /* FLOWLENS_H */
