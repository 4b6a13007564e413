package io.flowlens.job.l7.http2;

import io.flowlens.job.l7.Transaction;
import io.netty.handler.codec.http2.Http2Headers;

/** One HTTP/2 stream's exchange as far as its header blocks were seen; fields stay null where HPACK was unknown. */
final class Http2Stream {
    final int id;
    final long requestNanos;
    long responseNanos;
    String method, path, authority, contentType;
    Integer httpStatus, grpcStatus;
    String grpcMessage;
    boolean responseStarted;

    Http2Stream(int id, long requestNanos) {
        this.id = id;
        this.requestNanos = requestNanos;
    }

    /** The client's first header block: the request. Null headers: its HPACK state is unknown. */
    void request(Http2Headers h) {
        if (h != null) {
            method = string(h.method());
            path = string(h.path());
            authority = string(h.authority());
            contentType = string(h.get("content-type"));
        }
    }

    /** A server header block: the response headers first, then trailers (gRPC status lives in either). */
    void response(Http2Headers h, long tsNanos) {
        if (!responseStarted) {
            responseStarted = true;
            responseNanos = tsNanos;
            if (h != null) {
                CharSequence status = h.status();
                httpStatus = status == null ? null : parseInt(status);
                if (contentType == null) {
                    contentType = string(h.get("content-type"));
                }
            }
        }
        if (h != null) {
            CharSequence grpc = h.get("grpc-status");
            if (grpc != null) {
                grpcStatus = parseInt(grpc);
            }
            CharSequence message = h.get("grpc-message");
            if (message != null) {
                grpcMessage = GrpcMessage.decode(message);
            }
        }
    }

    boolean grpc() {
        return contentType != null && contentType.startsWith("application/grpc");
    }

    Transaction toTransaction() {
        Transaction t = new Transaction();
        boolean grpc = grpc();
        t.protocol = grpc ? "grpc" : "http2";
        t.requestNanos = requestNanos;
        t.responseNanos = responseNanos;
        t.method = method;
        t.host = authority;
        t.target = grpc || path == null ? path : withoutQuery(path);
        t.status = grpc ? grpcStatus : httpStatus;
        t.message = grpc ? grpcMessage : null;
        t.http2StreamId = id;
        return t;
    }

    private static String withoutQuery(String path) {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    private static String string(CharSequence s) {
        return s == null ? null : s.toString();
    }

    private static Integer parseInt(CharSequence s) {
        try {
            return Integer.valueOf(s.toString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
