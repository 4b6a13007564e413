package io.flowlens.job.l7.tls;

import io.flowlens.job.l7.PrefixReader;

/**
 * SNI and offered version from the start of a TLS record holding a ClientHello (RFC 8446 §4.1.2, RFC 6066 §3).
 * Hand-written: the JDK has no public ClientHello parser (an {@code SSLEngine} in server mode would answer it, and
 * fails on a cut one), and the fields needed sit at fixed or length-prefixed places in the first few hundred bytes.
 */
final class ClientHello {
    private static final int SERVER_NAME = 0, SUPPORTED_VERSIONS = 43, TLS13 = 0x0304;

    /** "TLS1.3" etc., or null when the extensions that decide it were beyond the prefix. */
    String version;
    /** The host_name entry of server_name, or null when absent or beyond the prefix. */
    String sni;
    /** The extension block was read to its end. */
    boolean complete;
    /** TLS record length + 5. */
    long recordBytes;

    private ClientHello() {}

    /** Null when the bytes do not start a handshake record holding a ClientHello. */
    static ClientHello parse(byte[] bytes, PrefixReader r) {
        r.reset(bytes, 0, bytes.length);
        int type = r.u8(), recordVersion = r.u16(), recordLength = r.u16(), handshake = r.u8();
        if (!r.ok() || type != 22 || recordVersion >>> 8 != 3 || handshake != 1) {
            return null;
        }
        ClientHello h = new ClientHello();
        h.recordBytes = recordLength + 5L;
        int helloLength = r.u24();
        int helloEnd = r.position() + helloLength;
        int legacyVersion = r.u16();
        r.skip(32); // random
        r.skip(r.u8()); // legacy_session_id
        r.skip(r.u16()); // cipher_suites
        r.skip(r.u8()); // legacy_compression_methods
        if (!r.ok()) {
            return h;
        }
        if (r.position() >= helloEnd) { // no extensions at all (TLS ≤ 1.2 clients may omit them)
            h.version = name(legacyVersion);
            h.complete = true;
            return h;
        }
        int extensionsEnd = r.u16() + r.position();
        int offered = -1;
        while (r.ok() && r.position() < extensionsEnd) {
            int extType = r.u16(), extLength = r.u16();
            int extEnd = r.position() + extLength;
            if (extType == SERVER_NAME) {
                h.sni = hostName(r, extEnd);
            } else if (extType == SUPPORTED_VERSIONS && r.has(extLength)) {
                int n = r.u8();
                for (int i = 0; i + 1 < n; i += 2) {
                    int v = r.u16();
                    if ((v & 0x0f0f) == 0x0a0a) {
                        continue; // GREASE (RFC 8701)
                    }
                    offered = Math.max(offered, v);
                }
            }
            r.skip(extEnd - r.position());
        }
        h.complete = r.ok();
        if (offered >= 0) {
            h.version = name(offered >= TLS13 ? TLS13 : offered);
        } else if (h.complete) {
            h.version = name(legacyVersion);
        }
        return h;
    }

    private static String hostName(PrefixReader r, int extEnd) {
        r.u16(); // server_name_list length
        while (r.ok() && r.position() < extEnd) {
            int nameType = r.u8();
            int length = r.u16();
            if (nameType == 0) {
                return r.utf8(length);
            }
            r.skip(length);
        }
        return null;
    }

    static String name(int version) {
        return switch (version) {
            case 0x0300 -> "SSL3.0";
            case 0x0301 -> "TLS1.0";
            case 0x0302 -> "TLS1.1";
            case 0x0303 -> "TLS1.2";
            case 0x0304 -> "TLS1.3";
            default -> String.format("0x%04x", version);
        };
    }
}
