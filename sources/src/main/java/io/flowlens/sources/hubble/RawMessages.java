package io.flowlens.sources.hubble;

import io.flowlens.sources.hubble.api.GetFlowsRequest;
import io.flowlens.sources.hubble.api.ObserverGrpc;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Observer.GetFlows with the responses left as bytes: the follower parses each itself, so that one message it
 * cannot parse is counted and skipped instead of failing the whole stream (which the generated stub would do).
 */
public final class RawMessages implements MethodDescriptor.Marshaller<byte[]> {
    public static final RawMessages INSTANCE = new RawMessages();

    /** GetFlows, same name and request, raw responses. */
    public static final MethodDescriptor<GetFlowsRequest, byte[]> GET_FLOWS = ObserverGrpc.getGetFlowsMethod()
            .toBuilder(ProtoUtils.marshaller(GetFlowsRequest.getDefaultInstance()), INSTANCE).build();

    private RawMessages() {}

    @Override
    public InputStream stream(byte[] value) {
        return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
        try (stream) {
            return stream.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
