package io.flowlens.job.l7;

import io.flowlens.job.l7.dns.DnsSession;
import io.flowlens.job.l7.http.HttpSession;
import io.flowlens.job.l7.http2.Http2Session;
import io.flowlens.job.l7.icmp.IcmpSession;
import io.flowlens.job.l7.kafka.KafkaSession;
import io.flowlens.job.l7.redis.RedisSession;
import io.flowlens.job.l7.tls.TlsSession;

/** Picks the session for a message start by the kernel's signature class (by content, never by port). */
final class L7Sessions {
    private L7Sessions() {}

    /** The protocol family a class belongs to (one session per family and flow), or null when none parses it. */
    static String family(int kernelClass) {
        return switch (kernelClass) {
            case L7Segment.HTTP1_REQUEST, L7Segment.HTTP1_RESPONSE -> "http";
            case L7Segment.HTTP2_PREFACE, L7Segment.HTTP2_FRAME -> "http2";
            case L7Segment.TLS_CLIENT_HELLO -> "tls";
            case L7Segment.DNS -> "dns";
            case L7Segment.REDIS -> "redis";
            case L7Segment.KAFKA -> "kafka";
            case SegmentEvent.ICMP -> "icmp";
            default -> null;
        };
    }

    static L7Session create(String family, SegmentEvent first, boolean keepQuery) {
        return switch (family) {
            case "http" -> new HttpSession(keepQuery);
            case "http2" -> new Http2Session();
            case "tls" -> new TlsSession();
            case "dns" -> first.ipProtocol == 6 ? DnsSession.tcp() : DnsSession.udp();
            case "redis" -> new RedisSession();
            case "kafka" -> new KafkaSession();
            case "icmp" -> new IcmpSession(first.ipProtocol);
            default -> throw new IllegalArgumentException("no L7 session for " + family);
        };
    }
}
