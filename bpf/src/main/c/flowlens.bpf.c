// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * flowlens TC program: one compact record per packet seen at TC ingress or egress.
 *
 * It never changes or drops traffic (always TC_ACT_UNSPEC, which TCX reads as "next").
 * Payload bytes are exported only when an in-kernel signature says user space must parse
 * them (a message start); bulk data segments carry none. Every path that loses or skips a
 * packet increments a counter, so counters always satisfy
 *   packets + oom_kills == records + ringbuf_drops + not_ip + malformed.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/pkt_cls.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include "flowlens.h"

#define ETH_P_8021Q_ 0x8100
#define ETH_P_8021AD_ 0x88A8
#define VLAN_MAX_DEPTH 2
#define IPV6_EXT_MAX 6
#define L7_PEEK 16 /* bytes the signatures look at */

/* Load-time knobs (see struct fl_config), written by the loader before load. */
const volatile struct fl_config config = {
    .wakeup_bytes = 1 << 20,
    .payload_cap = 256,
    .oom_has_details = 0,
};

/* Records to user space. Size set by the loader (power of two, multiple of the page size). */
struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 16 << 20);
} events SEC(".maps");

/* Key: 0. Value: __u64[FL_CNT_MAX] counters, per CPU (enum fl_counter). */
struct counters {
    __u64 v[FL_CNT_MAX];
};
struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, struct counters);
} counters SEC(".maps");

/* Key: 0. Value: scratch record with payload, per CPU (too big for the 512-byte stack). */
struct packet_with_payload {
    struct fl_packet hdr;
    __u8 payload[FL_PAYLOAD_MAX];
};
struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, struct packet_with_payload);
} scratch SEC(".maps");

/* Key: 0. Value: the OOM record being built (its own map: a TC program may interrupt this one). */
struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, struct fl_oom);
} oom_scratch SEC(".maps");

/*
 * Key: one direction's 5-tuple. Value: enum fl_l7_class the connection proved to be, read by the
 * packets of the other direction (one lookup): FL_L7_KAFKA under the requests' direction (its
 * replies carry no signature of their own), FL_L7_HTTP2_PREFACE under both directions (its frames
 * must never pass for Kafka requests). Cleared by a new connection's SYN.
 */
struct flow_key {
    __u8 saddr[16];
    __u8 daddr[16];
    __u16 sport;
    __u16 dport;
    __u32 l4_proto;
};
struct {
    __uint(type, BPF_MAP_TYPE_LRU_HASH);
    __uint(max_entries, 16384);
    __type(key, struct flow_key);
    __type(value, __u8);
} l7_flows SEC(".maps");

static __always_inline void count(struct counters *c, int idx, __u64 n)
{
    if (c)
        c->v[idx] += n; /* per-CPU: no atomics needed */
}

static __always_inline void v4_mapped(__u8 dst[16], __be32 addr)
{
    __builtin_memset(dst, 0, 10);
    dst[10] = 0xff;
    dst[11] = 0xff;
    __builtin_memcpy(dst + 12, &addr, 4);
}

/*
 * n (already 1..max, max a power of two) rewritten so the verifier can see 1 <= n <= max:
 * clang drops range checks it can prove redundant, and then the verifier cannot.
 */
static __always_inline __u32 bounded_len(__u32 n, __u32 max) { return ((n - 1) & (max - 1)) + 1; }

static __always_inline int is_upper(__u8 c) { return c >= 'A' && c <= 'Z'; }
static __always_inline int is_digit(__u8 c) { return c >= '0' && c <= '9'; }

static __always_inline int is_lower(__u8 c) { return c >= 'a' && c <= 'z'; }

/* A RESP3 double's text (RESP spec "Doubles"): digits, sign, point, exponent, "inf", "nan". */
static __always_inline int is_double_char(__u8 c)
{
    return is_digit(c) || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E' || c == 'i' ||
           c == 'n' || c == 'f' || c == 'a';
}

/*
 * RESP2/RESP3: a type byte, then digits (or upper-case text for +/-, a double for ',', t/f for
 * '#'), then CRLF within the peek.
 */
static __always_inline int looks_resp(const __u8 *p, __u32 n)
{
    __u8 t = p[0];
    if (t == '+' || t == '-')
        return n >= 4 && is_upper(p[1]) && is_upper(p[2]) && (is_upper(p[3]) || p[3] == '\r');
    if (t == '_')
        return n >= 3 && p[1] == '\r' && p[2] == '\n';
    if (t == '#')
        return n >= 4 && (p[1] == 't' || p[1] == 'f') && p[2] == '\r' && p[3] == '\n';
    int dbl = t == ',';
    /* lengths and counts (*$%~>|!=), integers (:), big numbers ( */
    if (!dbl && t != '*' && t != '$' && t != ':' && t != '%' && t != '~' && t != '>' && t != '|' &&
        t != '!' && t != '=' && t != '(')
        return 0;
    int i = 1;
    if (n > 1 && p[1] == '-')
        i = 2;
#pragma unroll
    for (int k = 1; k < L7_PEEK - 1; k++) {
        if (k < i)
            continue;
        if (k + 1 >= (int)n)
            return 0;
        if (p[k] == '\r')
            return k > i && p[k + 1] == '\n';
        if (dbl ? !is_double_char(p[k]) : !is_digit(p[k]))
            return 0;
    }
    return 0;
}

/*
 * A Redis inline command (redis.io "Inline commands", what redis-benchmark's PING_INLINE and
 * telnet users send): "NAME[ args]\r\n" (or "\n"), its name that of a common Redis command, all
 * upper or all lower case. None of the names is a verb of another line protocol (QUIT, AUTH,
 * HELP, TYPE, LIST, SELECT... are left out). A lower-case name also needs its whole line within
 * the peek, so text bodies that happen to start with "set " or "get " do not look like Redis.
 */
static __always_inline int looks_redis_inline(const __u8 *p, __u32 n)
{
    __u64 word = 0; /* the name's first 8 letters, upper case */
    int len = -1, upper = 0, lower = 0, eol = 0;
#pragma unroll
    for (int k = 0; k < 13; k++) {
        if (k >= (int)n)
            return 0;
        __u8 c = p[k];
        if (c == ' ' || c == '\r' || c == '\n') {
            len = k;
            break;
        }
        if (k == 12 || !(is_upper(c) || is_lower(c)))
            return 0;
        upper |= is_upper(c);
        lower |= is_lower(c);
        if (k < 8)
            word = (word << 8) | (__u8)(c & ~0x20);
    }
    if (len < 3 || (upper && lower))
        return 0;
    if (lower) {
#pragma unroll
        for (int k = 3; k < L7_PEEK; k++) {
            if (k < (int)n && p[k] == '\n')
                eol = 1;
        }
        if (!eol)
            return 0;
    }
    /* a name under 8 letters is told by its letters alone; longer ones by their length too */
    switch (word) {
    case 0x50494e47:         /* PING */
    case 0x4543484f:         /* ECHO */
    case 0x534554:           /* SET */
    case 0x474554:           /* GET */
    case 0x44454c:           /* DEL */
    case 0x494e4352:         /* INCR */
    case 0x44454352:         /* DECR */
    case 0x4d474554:         /* MGET */
    case 0x4d534554:         /* MSET */
    case 0x4b455953:         /* KEYS */
    case 0x494e464f:         /* INFO */
    case 0x48454c4c4f:       /* HELLO */
    case 0x455849535453:     /* EXISTS */
    case 0x444253495a45:     /* DBSIZE */
    case 0x4c50555348:       /* LPUSH */
    case 0x5250555348:       /* RPUSH */
    case 0x4c52414e4745:     /* LRANGE */
    case 0x48534554:         /* HSET */
    case 0x48474554:         /* HGET */
    case 0x53414444:         /* SADD */
    case 0x5a414444:         /* ZADD */
    case 0x455850495245:     /* EXPIRE */
    case 0x464c5553484442:   /* FLUSHDB */
    case 0x5055424c495348:   /* PUBLISH */
        return 1;
    case 0x464c555348414c4c: /* FLUSHALL */
        return len == 8;
    case 0x5355425343524942: /* SUBSCRIB(E) */
        return len == 9;
    case 0x5053554253435249: /* PSUBSCRI(BE) */
        return len == 10;
    case 0x554e535542534352: /* UNSUBSCR(IBE) */
        return len == 11;
    }
    return 0;
}

static __always_inline int looks_dns(const __u8 *h, __u32 n)
{
    if (n < 12)
        return 0;
    __u8 opcode = (h[2] >> 3) & 0xf;
    __u16 qd = (h[4] << 8) | h[5];
    return opcode <= 5 && (h[3] & 0x40) == 0 && qd == 1 && h[6] == 0 && h[8] == 0 && h[10] == 0;
}

/* Kafka request header v1+: int32 size, int16 api_key, int16 api_version, int32 corr, int16 client_id len. */
static __always_inline int looks_kafka_request(const __u8 *p, __u32 n)
{
    if (n < 14 || p[0] != 0)
        return 0;
    __u32 size = ((__u32)p[1] << 16) | ((__u32)p[2] << 8) | p[3];
    __u16 api_key = (p[4] << 8) | p[5];
    __u16 api_version = (p[6] << 8) | p[7];
    __s16 client_len = (__s16)((p[12] << 8) | p[13]);
    return size >= 10 && api_key <= 80 && api_version <= 20 && client_len >= -1 && client_len <= 512;
}

static __always_inline int looks_http2_frame(const __u8 *p, __u32 n)
{
    if (n < 9)
        return 0;
    __u32 len = ((__u32)p[0] << 16) | ((__u32)p[1] << 8) | p[2];
    __u8 type = p[3], flags = p[4];
    __u32 stream = (((__u32)p[5] & 0x7f) << 24) | ((__u32)p[6] << 16) | ((__u32)p[7] << 8) | p[8];
    if (p[5] & 0x80)
        return 0; /* reserved bit */
    switch (type) {
    case 1: /* HEADERS */
        return stream != 0 && len <= 16384 && (flags & ~0x2d) == 0;
    case 3: /* RST_STREAM */
        return stream != 0 && len == 4 && flags == 0;
    case 4: /* SETTINGS */
        return stream == 0 && len % 6 == 0 && len <= 36 && (flags & ~0x01) == 0;
    case 7: /* GOAWAY */
        return stream == 0 && len >= 8 && len <= 16384 && flags == 0;
    }
    return 0;
}

/* The first bytes of an L4 payload, as a sized type a global function can take. */
struct l7_peek {
    __u8 b[L7_PEEK];
};

/*
 * Global (not inlined) functions are verified once, on their own, with unknown arguments.
 * Inlined, every branch of the signatures multiplied with every branch of the parser and the
 * verifier walked half a million instructions (seconds per load); as globals it walks a few
 * thousand. Returns enum fl_l7_class.
 */
__noinline int fl_classify(const struct l7_peek *peek, __u32 n, __u32 l4_proto)
{
    if (!peek)
        return FL_L7_NONE;
    if (n > L7_PEEK)
        n = L7_PEEK;
    const __u8 *p = peek->b;
    if (l4_proto == IPPROTO_UDP)
        return looks_dns(p, n) ? FL_L7_DNS : FL_L7_NONE;
    if (n < 4) /* RESP3's null "_\r\n" is the one message start this short */
        return n == 3 && p[0] == '_' && p[1] == '\r' && p[2] == '\n' ? FL_L7_REDIS : FL_L7_NONE;
    __u32 w = ((__u32)p[0] << 24) | ((__u32)p[1] << 16) | ((__u32)p[2] << 8) | p[3];
    switch (w) {
    case 0x47455420: /* "GET " */
        /* a request target starts with '/' or is absolute ("http://"); else an inline Redis GET */
        if (n >= 5 && p[4] != '/' && p[4] != 'h' && p[4] != 'H' && p[4] != '*')
            return looks_redis_inline(p, n) ? FL_L7_REDIS : FL_L7_NONE;
        return FL_L7_HTTP1_REQUEST;
    case 0x504f5354: /* "POST" */
    case 0x50555420: /* "PUT " */
    case 0x48454144: /* "HEAD" */
    case 0x44454c45: /* "DELE" */
    case 0x4f505449: /* "OPTI" */
    case 0x50415443: /* "PATC" */
    case 0x434f4e4e: /* "CONN" */
    case 0x54524143: /* "TRAC" */
        return FL_L7_HTTP1_REQUEST;
    case 0x48545450: /* "HTTP" */
        return (n >= 7 && p[4] == '/' && p[5] == '1' && p[6] == '.') ? FL_L7_HTTP1_RESPONSE
                                                                      : FL_L7_NONE;
    case 0x50524920: /* "PRI " */
        return (n >= 8 && p[4] == '*') ? FL_L7_HTTP2_PREFACE : FL_L7_NONE;
    }
    if (n >= 6 && p[0] == 0x16 && p[1] == 0x03 && p[2] <= 0x04 && p[5] == 0x01)
        return FL_L7_TLS_CLIENT_HELLO;
    if (looks_resp(p, n) || looks_redis_inline(p, n))
        return FL_L7_REDIS;
    if (looks_kafka_request(p, n))
        return FL_L7_KAFKA;
    if (n >= 14 && looks_dns(p + 2, n - 2) && (((__u32)p[0] << 8) | p[1]) >= 12)
        return FL_L7_DNS;
    if (looks_http2_frame(p, n))
        return FL_L7_HTTP2_FRAME;
    return FL_L7_NONE;
}

static __always_inline void flow_key_of(struct flow_key *k, const struct fl_packet *r, int reverse)
{
    if (reverse) {
        __builtin_memcpy(k->saddr, r->daddr, 16);
        __builtin_memcpy(k->daddr, r->saddr, 16);
        k->sport = r->dport;
        k->dport = r->sport;
    } else {
        __builtin_memcpy(k->saddr, r->saddr, 16);
        __builtin_memcpy(k->daddr, r->daddr, 16);
        k->sport = r->sport;
        k->dport = r->dport;
    }
    k->l4_proto = r->l4_proto;
}

/*
 * A segment of a proven HTTP/2 connection that starts with a frame header: exported when the frame
 * is a signature frame, ends a stream (DATA with END_STREAM), or ends within the segment. User space
 * must see every segment that may hold a header block (a gRPC message and its trailers come in one
 * write) and learns from the sequence numbers that nothing else went unseen, or it has to distrust
 * its HPACK tables; a lone PING or WINDOW_UPDATE costs a record of a few bytes. A frame that runs
 * past the segment's end is bulk DATA and carries no payload out.
 */
static __always_inline __u8 http2_segment_class(const __u8 *p, __u32 n, __u32 payload_len)
{
    if (looks_http2_frame(p, n))
        return FL_L7_HTTP2_FRAME;
    if (n < 9 || p[3] > 9 || (p[5] & 0x80))
        return FL_L7_NONE; /* not a frame type of RFC 9113 */
    __u32 len = ((__u32)p[1] << 8) | p[2]; /* p[0] is 0 here */
    if ((p[3] == 0 && (p[4] & 0x01)) || len + 9 <= payload_len)
        return FL_L7_HTTP2_FRAME;
    return FL_L7_NONE;
}

/*
 * What the connection already proved outranks the signatures for segments several could claim: a
 * first byte 0 starts a Kafka request or reply and also most HTTP/2 frame headers (a length below
 * 64 KiB); an HTTP/2 frame with flags 0 (DATA, PING, WINDOW_UPDATE, SETTINGS) even passes the
 * Kafka request signature, and 1 in 256 Kafka replies passes the HTTP/2 HEADERS one. cls is
 * fl_classify's answer; returns the class to export.
 */
static __always_inline __u8 connection_class(const struct fl_packet *r, const __u8 *p, __u32 n, __u8 cls)
{
    struct flow_key k = {};
    if (cls == FL_L7_HTTP2_PREFACE) {
        flow_key_of(&k, r, 0);
        bpf_map_update_elem(&l7_flows, &k, &cls, BPF_ANY);
        flow_key_of(&k, r, 1);
        bpf_map_update_elem(&l7_flows, &k, &cls, BPF_ANY);
        return cls;
    }
    if (n < 8 || p[0] != 0)
        return cls;
    flow_key_of(&k, r, 1);
    __u8 *proved = bpf_map_lookup_elem(&l7_flows, &k);
    if (proved && *proved == FL_L7_HTTP2_PREFACE)
        return http2_segment_class(p, n, r->l4_payload_len);
    if (proved && *proved == FL_L7_KAFKA)
        return FL_L7_KAFKA; /* a reply: int32 size, int32 correlation id */
    if (cls == FL_L7_KAFKA) {
        flow_key_of(&k, r, 0);
        bpf_map_update_elem(&l7_flows, &k, &cls, BPF_ANY);
    }
    return cls;
}

/* A new connection on a 5-tuple forgets what an earlier one proved. */
static __always_inline void forget_connection(const struct fl_packet *r)
{
    struct flow_key k = {};
    flow_key_of(&k, r, 0);
    bpf_map_delete_elem(&l7_flows, &k);
    flow_key_of(&k, r, 1);
    bpf_map_delete_elem(&l7_flows, &k);
}

/*
 * Parses L2..L4 into r. Returns the L4 payload offset, or -1 for not-IP, -2 for malformed.
 * Global, like fl_classify, so the verifier walks it once.
 */
__noinline int fl_parse(struct __sk_buff *skb, struct fl_packet *r)
{
    if (!r)
        return -2;
    __u32 off = sizeof(struct ethhdr);
    /*
     * Lengths in headers are checked against the packet's length on the wire. Live, that is
     * skb->len; a replay of a snaplen-truncated capture passes the original length as wire_len
     * (on live egress wire_len also counts GSO segments' headers, which only loosens the check).
     */
    __u32 wire = skb->wire_len > skb->len ? skb->wire_len : skb->len;
    __u16 proto;
    if (bpf_skb_load_bytes(skb, 12, &proto, 2) < 0)
        return -1;
    if (skb->vlan_present)
        r->vlan_id = skb->vlan_tci & 0x0fff;
#pragma unroll
    for (int i = 0; i < VLAN_MAX_DEPTH; i++) {
        if (proto != bpf_htons(ETH_P_8021Q_) && proto != bpf_htons(ETH_P_8021AD_))
            break;
        __u16 vlan[2];
        if (bpf_skb_load_bytes(skb, off, vlan, 4) < 0)
            return -2;
        if (r->vlan_id == 0)
            r->vlan_id = bpf_ntohs(vlan[0]) & 0x0fff;
        proto = vlan[1];
        off += 4;
    }

    __u32 l4_off, ip_end;
    __u8 nexthdr;
    int non_first_fragment = 0;
    if (proto == bpf_htons(ETH_P_IP)) {
        struct iphdr ip;
        if (bpf_skb_load_bytes(skb, off, &ip, sizeof(ip)) < 0)
            return -2;
        __u32 ihl = ip.ihl * 4;
        __u32 tot = bpf_ntohs(ip.tot_len);
        if (ip.version != 4 || ihl < sizeof(ip))
            return -2;
        if (tot == 0 && skb->gso_segs > 1)
            tot = skb->len - off; /* BIG TCP super-packet */
        if (tot < ihl || off + tot > wire)
            return -2;
        r->ip_version = 4;
        v4_mapped(r->saddr, ip.saddr);
        v4_mapped(r->daddr, ip.daddr);
        r->ttl = ip.ttl;
        r->ip_len = tot;
        nexthdr = ip.protocol;
        __u16 frag = bpf_ntohs(ip.frag_off);
        if (frag & 0x3fff) /* MF or an offset */
            r->flags |= FL_F_FRAGMENT;
        non_first_fragment = (frag & 0x1fff) != 0;
        l4_off = off + ihl;
        ip_end = off + tot;
    } else if (proto == bpf_htons(ETH_P_IPV6)) {
        struct ipv6hdr ip6;
        if (bpf_skb_load_bytes(skb, off, &ip6, sizeof(ip6)) < 0)
            return -2;
        if (ip6.version != 6)
            return -2;
        __u32 tot = sizeof(ip6) + bpf_ntohs(ip6.payload_len);
        if (tot == sizeof(ip6) && skb->gso_segs > 1)
            tot = skb->len - off; /* BIG TCP super-packet */
        if (off + tot > wire)
            return -2;
        r->ip_version = 6;
        __builtin_memcpy(r->saddr, &ip6.saddr, 16);
        __builtin_memcpy(r->daddr, &ip6.daddr, 16);
        r->ttl = ip6.hop_limit;
        r->ip_len = tot;
        nexthdr = ip6.nexthdr;
        l4_off = off + sizeof(ip6);
        ip_end = off + tot;
        int done = 0;
#pragma unroll
        for (int i = 0; i < IPV6_EXT_MAX; i++) {
            __u8 ext[2];
            if (nexthdr == IPPROTO_HOPOPTS || nexthdr == IPPROTO_ROUTING ||
                nexthdr == IPPROTO_DSTOPTS) {
                if (bpf_skb_load_bytes(skb, l4_off, ext, 2) < 0)
                    return -2;
                nexthdr = ext[0];
                l4_off += (ext[1] + 1) * 8;
            } else if (nexthdr == IPPROTO_FRAGMENT) {
                __u16 frag[2];
                if (bpf_skb_load_bytes(skb, l4_off, frag, 4) < 0)
                    return -2;
                nexthdr = ((__u8 *)frag)[0];
                r->flags |= FL_F_FRAGMENT;
                non_first_fragment = (bpf_ntohs(frag[1]) & 0xfff8) != 0;
                l4_off += 8;
            } else if (nexthdr == IPPROTO_AH) {
                if (bpf_skb_load_bytes(skb, l4_off, ext, 2) < 0)
                    return -2;
                nexthdr = ext[0];
                l4_off += (ext[1] + 2) * 4;
            } else {
                done = 1;
                break;
            }
            if (l4_off > ip_end)
                return -2;
        }
        if (!done) {
            r->flags |= FL_F_IPV6_EXT_LIMIT;
            r->l4_proto = nexthdr;
            r->l4_payload_len = ip_end - l4_off;
            return 0;
        }
    } else {
        return -1;
    }
    r->l4_proto = nexthdr;

    if (non_first_fragment) {
        r->l4_payload_len = ip_end - l4_off;
        return 0; /* no L4 header here */
    }

    __u32 payload_off;
    if (nexthdr == IPPROTO_TCP) {
        struct tcphdr th;
        if (bpf_skb_load_bytes(skb, l4_off, &th, sizeof(th)) < 0) {
            r->flags |= FL_F_L4_TRUNCATED;
            r->l4_payload_len = ip_end - l4_off;
            return 0;
        }
        __u32 doff = th.doff * 4;
        if (doff < sizeof(th) || l4_off + doff > ip_end)
            return -2;
        r->sport = bpf_ntohs(th.source);
        r->dport = bpf_ntohs(th.dest);
        r->seq = bpf_ntohl(th.seq);
        r->ack = bpf_ntohl(th.ack_seq);
        r->window = bpf_ntohs(th.window);
        r->tcp_flags = ((__u8 *)&th)[13];
        r->tcp_doff = doff;
        payload_off = l4_off + doff;
    } else if (nexthdr == IPPROTO_UDP) {
        struct udphdr uh;
        if (bpf_skb_load_bytes(skb, l4_off, &uh, sizeof(uh)) < 0) {
            r->flags |= FL_F_L4_TRUNCATED;
            r->l4_payload_len = ip_end - l4_off;
            return 0;
        }
        r->sport = bpf_ntohs(uh.source);
        r->dport = bpf_ntohs(uh.dest);
        payload_off = l4_off + sizeof(uh);
    } else if (nexthdr == IPPROTO_ICMP || nexthdr == IPPROTO_ICMPV6) {
        __u8 ic[8];
        if (bpf_skb_load_bytes(skb, l4_off, ic, sizeof(ic)) < 0) {
            r->flags |= FL_F_L4_TRUNCATED;
            r->l4_payload_len = ip_end - l4_off;
            return 0;
        }
        r->icmp_type = ic[0];
        r->icmp_code = ic[1];
        int echo = nexthdr == IPPROTO_ICMP ? (ic[0] == 8 || ic[0] == 0)
                                           : (ic[0] == 128 || ic[0] == 129);
        if (echo) {
            r->icmp_id = (ic[4] << 8) | ic[5];
            r->icmp_seq = (ic[6] << 8) | ic[7];
        }
        payload_off = l4_off + sizeof(ic);
    } else {
        payload_off = l4_off;
    }
    if (payload_off > ip_end)
        return -2;
    r->l4_payload_len = ip_end - payload_off;
    return payload_off;
}

static __always_inline int handle(struct __sk_buff *skb, __u8 direction)
{
    __u32 zero = 0;
    struct counters *c = bpf_map_lookup_elem(&counters, &zero);
    count(c, FL_CNT_PACKETS, 1);

    struct fl_packet r = {};
    int payload_off = fl_parse(skb, &r);
    if (payload_off == -1) {
        count(c, FL_CNT_NOT_IP, 1);
        return TC_ACT_UNSPEC;
    }
    if (payload_off < 0) {
        count(c, FL_CNT_MALFORMED, 1);
        return TC_ACT_UNSPEC;
    }
    r.type = FL_REC_PACKET;
    r.ifindex = skb->ifindex;
    r.ts_ns = bpf_ktime_get_ns();
    r.skb_len = skb->len;
    r.direction = direction;
    r.gso_segs = skb->gso_segs > 1 ? skb->gso_segs : 1;
    r.gso_size = r.gso_segs > 1 ? skb->gso_size : 0;

    if (r.l4_proto == IPPROTO_TCP && (r.tcp_flags & 0x12) == 0x02) /* SYN without ACK */
        forget_connection(&r);

    /* Peek at the payload start for a signature. */
    __u8 cls = FL_L7_NONE;
    __u32 avail = 0;
    if (payload_off > 0 && r.l4_payload_len > 0 &&
        (r.l4_proto == IPPROTO_TCP || r.l4_proto == IPPROTO_UDP)) {
        avail = skb->len > (__u32)payload_off ? skb->len - payload_off : 0;
        if (avail > r.l4_payload_len)
            avail = r.l4_payload_len;
        struct l7_peek peek = {};
        __u32 n = avail < L7_PEEK ? avail : L7_PEEK;
        if (n > 0 && bpf_skb_load_bytes(skb, payload_off, peek.b, bounded_len(n, L7_PEEK)) == 0) {
            cls = fl_classify(&peek, n, r.l4_proto);
            if (r.l4_proto == IPPROTO_TCP)
                cls = connection_class(&r, peek.b, n, cls);
        }
    }
    r.l7_class = cls;

    __u64 queued = bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA);
    __u64 wake = queued >= config.wakeup_bytes ? BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP;

    /*
     * A ClientHello's server_name and supported_versions lie past byte 128 in most clients, and
     * it comes once per connection: it is exported up to the largest prefix whatever the cap.
     */
    __u32 cap = cls == FL_L7_TLS_CLIENT_HELLO ? FL_PAYLOAD_MAX : config.payload_cap;
    __u32 caplen = avail < cap ? avail : cap;
    if (cls != FL_L7_NONE && caplen > 0) {
        struct packet_with_payload *s = bpf_map_lookup_elem(&scratch, &zero);
        if (!s)
            return TC_ACT_UNSPEC;
        __u32 n = bounded_len(caplen, FL_PAYLOAD_MAX);
        s->hdr = r;
        s->hdr.caplen = n;
        if (bpf_skb_load_bytes(skb, payload_off, s->payload, n) < 0)
            n = s->hdr.caplen = 0;
        caplen = n;
        if (bpf_ringbuf_output(&events, s, sizeof(struct fl_packet) + n, wake) < 0) {
            count(c, FL_CNT_RINGBUF_DROPS, 1);
            return TC_ACT_UNSPEC;
        }
        count(c, FL_CNT_PAYLOAD_BYTES, caplen);
    } else {
        struct fl_packet *out = bpf_ringbuf_reserve(&events, sizeof(*out), 0);
        if (!out) {
            count(c, FL_CNT_RINGBUF_DROPS, 1);
            return TC_ACT_UNSPEC;
        }
        *out = r;
        bpf_ringbuf_submit(out, wake);
    }
    count(c, FL_CNT_RECORDS, 1);
    return TC_ACT_UNSPEC;
}

SEC("tc")
int fl_tc_ingress(struct __sk_buff *skb) { return handle(skb, FL_DIR_INGRESS); }

SEC("tc")
int fl_tc_egress(struct __sk_buff *skb) { return handle(skb, FL_DIR_EGRESS); }

/* Fields of oom/mark_victim as in /sys/kernel/tracing/events/oom/mark_victim/format. */
struct mark_victim_ctx {
    __u64 common;
    __s32 pid;
    __u32 comm_loc; /* __data_loc: offset in the low 16 bits, length in the high 16 */
    __u64 total_vm;
    __u64 anon_rss;
};

SEC("tracepoint/oom/mark_victim")
int fl_oom_mark_victim(struct mark_victim_ctx *ctx)
{
    __u32 zero = 0;
    struct counters *c = bpf_map_lookup_elem(&counters, &zero);
    count(c, FL_CNT_OOM_KILLS, 1);
    struct fl_oom *o = bpf_map_lookup_elem(&oom_scratch, &zero);
    if (!o)
        return 0;
    __builtin_memset(o, 0, sizeof(*o));
    o->type = FL_REC_OOM;
    o->ts_ns = bpf_ktime_get_ns();
    o->pid = ctx->pid;
    if (config.oom_has_details) {
        o->total_vm_kb = ctx->total_vm;
        o->anon_rss_kb = ctx->anon_rss;
        bpf_probe_read_kernel_str(o->comm, sizeof(o->comm), (void *)ctx + (ctx->comm_loc & 0xffff));
    }
    if (bpf_ringbuf_output(&events, o, sizeof(*o), BPF_RB_FORCE_WAKEUP) < 0) { /* rare and urgent */
        count(c, FL_CNT_RINGBUF_DROPS, 1);
        return 0;
    }
    count(c, FL_CNT_RECORDS, 1);
    return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
