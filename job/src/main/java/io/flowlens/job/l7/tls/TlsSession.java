package io.flowlens.job.l7.tls;

import io.flowlens.job.l7.L7Segment;
import io.flowlens.job.l7.L7Session;
import io.flowlens.job.l7.PrefixReader;
import io.flowlens.job.l7.Transaction;
import java.util.function.Consumer;

/**
 * The ClientHellos of one TCP connection, one transaction each, with no response (the handshake's outcome is not
 * exported). Per transaction: method = "CLIENT_HELLO", target = SNI, tlsVersion = the highest version offered
 * (supported_versions; else legacy_version, only when the whole extension block was seen), requestBytes = the TLS
 * record's length on the wire, partial = the extension block went beyond the prefix (then SNI and version are null
 * unless they came before the cut).
 */
public final class TlsSession implements L7Session {
    private final PrefixReader reader = new PrefixReader();
    private long malformed;

    @Override
    public void onSegment(L7Segment s, Consumer<Transaction> out) {
        ClientHello h = s.fromClient() ? ClientHello.parse(s.bytes(), reader) : null;
        if (h == null) {
            malformed++;
            return;
        }
        Transaction t = new Transaction();
        t.protocol = "tls";
        t.requestNanos = s.tsNanos();
        t.requestBytes = h.recordBytes;
        t.method = "CLIENT_HELLO";
        t.target = h.sni;
        t.tlsVersion = h.version;
        t.partial = h.complete ? null : Boolean.TRUE;
        out.accept(t);
    }

    @Override
    public void close(Consumer<Transaction> out) {
        // nothing waits: a ClientHello leaves as soon as it is seen
    }

    @Override
    public long malformed() {
        return malformed;
    }
}
