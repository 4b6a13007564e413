package io.flowlens.job.l7.tls;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/** Real ClientHellos: the first record a JDK client SSLEngine writes. */
final class ClientHellos {
    private ClientHellos() {}

    /** @param protocols e.g. "TLSv1.3", "TLSv1.2"; @param sni null for none */
    static byte[] jdk(String sni, String... protocols) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, null, null);
            SSLEngine engine = context.createSSLEngine(sni, 443);
            engine.setUseClientMode(true);
            SSLParameters params = engine.getSSLParameters();
            params.setProtocols(protocols);
            params.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
            engine.setSSLParameters(params);
            ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            engine.wrap(ByteBuffer.allocate(0), out);
            out.flip();
            return Arrays.copyOf(out.array(), out.limit());
        } catch (Exception e) {
            throw new IllegalStateException("the JDK could not write a ClientHello", e);
        }
    }
}
