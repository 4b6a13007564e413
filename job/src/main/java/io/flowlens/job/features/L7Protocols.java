package io.flowlens.job.features;

/** The l7_protocol ids and names of the flows dataset, from the kernel's signature classes (enum fl_l7_class). */
public final class L7Protocols {
    public static final int NONE = 0, HTTP = 1, HTTP2 = 2, GRPC = 3, DNS = 4, REDIS = 5, KAFKA = 6, TLS = 7, ICMP = 8;
    private static final String[] NAMES = {"", "http", "http2", "grpc", "dns", "redis", "kafka", "tls", "icmp"};

    private L7Protocols() {}

    /**
     * The protocol a flow's signature classes point to (bit i = class i seen). HTTP/1 wins over a stray HTTP/2-like
     * frame header, a ClientHello over anything after it.
     */
    public static int fromKernelClasses(int classes, int ipProtocol) {
        if (has(classes, 1) || has(classes, 2)) {
            return HTTP;
        }
        if (has(classes, 3) || has(classes, 4)) {
            return HTTP2;
        }
        if (has(classes, 5)) {
            return TLS;
        }
        if (has(classes, 6)) {
            return DNS;
        }
        if (has(classes, 8)) {
            return KAFKA;
        }
        if (has(classes, 7)) {
            return REDIS;
        }
        return ipProtocol == 1 || ipProtocol == 58 ? ICMP : NONE;
    }

    /** The id of a protocol name ("grpc" → 3), NONE for an unknown one. */
    public static int byName(String name) {
        for (int i = 1; i < NAMES.length; i++) {
            if (NAMES[i].equals(name)) {
                return i;
            }
        }
        return NONE;
    }

    public static String name(int id) {
        return id >= 0 && id < NAMES.length ? NAMES[id] : "";
    }

    private static boolean has(int classes, int c) {
        return (classes & (1 << c)) != 0;
    }
}
