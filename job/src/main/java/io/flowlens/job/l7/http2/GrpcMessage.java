package io.flowlens.job.l7.http2;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** grpc-message values are percent-encoded UTF-8 (gRPC PROTOCOL-HTTP2.md, "Responses"); '+' is not a space there. */
final class GrpcMessage {
    private GrpcMessage() {}

    /** Decodes %XX escapes; a malformed escape is kept as written, as the gRPC spec asks of receivers. */
    static String decode(CharSequence value) {
        String s = value.toString();
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        byte[] raw = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            int hi = i + 2 < raw.length && raw[i] == '%' ? Character.digit(raw[i + 1], 16) : -1;
            int lo = hi >= 0 ? Character.digit(raw[i + 2], 16) : -1;
            if (lo >= 0) {
                out.write(hi << 4 | lo);
                i += 2;
            } else {
                out.write(raw[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
