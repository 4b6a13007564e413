package io.flowlens.job.l7.tls;

import static io.flowlens.job.l7.Segments.capped;
import static io.flowlens.job.l7.Segments.client;
import static io.flowlens.job.l7.Segments.run;
import static io.flowlens.job.l7.Segments.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.job.l7.L7Segment;
import io.flowlens.job.l7.Transaction;
import java.util.List;
import org.junit.jupiter.api.Test;

class TlsSessionTest {
    private static final int TLS = L7Segment.TLS_CLIENT_HELLO;

    @Test
    void jdkClientHelloOfferingTls13GivesSniAndVersion() {
        byte[] hello = ClientHellos.jdk("api.example.com", "TLSv1.3", "TLSv1.2");
        List<Transaction> out = run(new TlsSession(), client(5, TLS, 1, hello));
        assertThat(out).hasSize(1);
        Transaction t = out.getFirst();
        assertThat(t.protocol).isEqualTo("tls");
        assertThat(t.method).isEqualTo("CLIENT_HELLO");
        assertThat(t.target).isEqualTo("api.example.com");
        assertThat(t.tlsVersion).isEqualTo("TLS1.3");
        assertThat(t.requestBytes).isEqualTo(hello.length);
        assertThat(t.responseNanos).isZero();
        assertThat(t.partial).isNull();
    }

    @Test
    void tls12OnlyClientOffersTls12AndNoSniWithoutServerNames() {
        Transaction t = run(new TlsSession(), client(5, TLS, 1, ClientHellos.jdk(null, "TLSv1.2"))).getFirst();
        assertThat(t.tlsVersion).isEqualTo("TLS1.2");
        assertThat(t.target).isNull();
        assertThat(t.partial).isNull();
    }

    @Test
    void everyPrefixLengthEmitsWhatWasSeenAndNeverAGuess() {
        byte[] hello = ClientHellos.jdk("api.example.com", "TLSv1.3", "TLSv1.2");
        int sniSeenAt = -1, versionSeenAt = -1;
        for (int cut = 0; cut <= hello.length; cut++) {
            TlsSession session = new TlsSession();
            List<Transaction> out = run(session, capped(client(5, TLS, 1, hello), cut));
            String where = "cut at " + cut + " of " + hello.length;
            if (cut < 6) {
                assertThat(out).as(where).isEmpty();
                assertThat(session.malformed()).isEqualTo(1);
                continue;
            }
            Transaction t = out.getFirst();
            assertThat(t.target).as(where).isIn("api.example.com", null);
            assertThat(t.tlsVersion).as(where).as("never the legacy TLS1.2 of a cut TLS 1.3 hello").isIn("TLS1.3", null);
            assertThat(t.partial).as(where).isEqualTo(cut < hello.length ? Boolean.TRUE : null);
            if (t.target != null && sniSeenAt < 0) {
                sniSeenAt = cut;
            }
            if (t.tlsVersion != null && versionSeenAt < 0) {
                versionSeenAt = cut;
            }
        }
        // where these lie depends on the hello (a JDK's first hello in a JVM and later ones differ in size);
        // TlsClientHelloTsharkTest shows what the kernel's caps keep
        assertThat(sniSeenAt).as("SNI appears once its extension fits, and stays").isBetween(50, hello.length);
        assertThat(versionSeenAt).as("so does the version").isBetween(50, hello.length);
    }

    @Test
    void serverBytesAndNonHellosAreMalformed() {
        TlsSession session = new TlsSession();
        byte[] hello = ClientHellos.jdk("a.example", "TLSv1.3");
        assertThat(run(session, server(1, TLS, 1, hello), client(2, TLS, 1, new byte[] {0x16, 3, 1, 0, 5, 2})))
                .isEmpty();
        assertThat(session.malformed()).isEqualTo(2);
    }
}
