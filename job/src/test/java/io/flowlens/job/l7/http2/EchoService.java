package io.flowlens.job.l7.http2;

import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A tiny gRPC service without protoc: messages are UTF-8 strings, framed by gRPC like any message. {@code Get} answers
 * "value of KEY", or NOT_FOUND with {@link #notFoundMessage} for the key {@link #MISSING}; {@code Count} streams
 * "1".."N" for the request "N".
 */
final class EchoService {
    private EchoService() {}

    static final String SERVICE = "flowlens.test.Echo";
    static final String MISSING = "missing";

    static final MethodDescriptor<String, String> GET = method("Get", MethodDescriptor.MethodType.UNARY);
    static final MethodDescriptor<String, String> COUNT = method("Count", MethodDescriptor.MethodType.SERVER_STREAMING);

    /** The grpc-message of the NOT_FOUND answer; non-ASCII and '%' so that its percent-encoding is exercised. */
    static String notFoundMessage(String key) {
        return "no such key: " + key + " (100% absent, ключ)";
    }

    static ServerServiceDefinition definition() {
        return ServerServiceDefinition.builder(SERVICE)
                .addMethod(GET, ServerCalls.asyncUnaryCall(EchoService::get))
                .addMethod(COUNT, ServerCalls.asyncServerStreamingCall(EchoService::count))
                .build();
    }

    private static void get(String key, StreamObserver<String> out) {
        if (key.equals(MISSING)) {
            out.onError(Status.NOT_FOUND.withDescription(notFoundMessage(key)).asRuntimeException());
            return;
        }
        out.onNext("value of " + key);
        out.onCompleted();
    }

    private static void count(String n, StreamObserver<String> out) {
        for (int i = 1; i <= Integer.parseInt(n); i++) {
            out.onNext(Integer.toString(i));
        }
        out.onCompleted();
    }

    private static MethodDescriptor<String, String> method(String name, MethodDescriptor.MethodType type) {
        return MethodDescriptor.<String, String>newBuilder()
                .setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
                .setRequestMarshaller(Utf8.INSTANCE)
                .setResponseMarshaller(Utf8.INSTANCE)
                .build();
    }

    private enum Utf8 implements MethodDescriptor.Marshaller<String> {
        INSTANCE;

        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
