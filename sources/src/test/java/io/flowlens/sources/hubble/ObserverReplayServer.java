package io.flowlens.sources.hubble;

import com.google.protobuf.InvalidProtocolBufferException;
import io.flowlens.sources.hubble.api.GetFlowsRequest;
import io.flowlens.sources.hubble.api.GetFlowsResponse;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real grpc-java server implementing Hubble's Observer.GetFlows over TCP (loopback) or a unix socket: it replays a
 * list of recorded responses, honours {@code since} and {@code follow} (a following call stays open and gets
 * messages made available later), and can hold back messages to play an outage. Messages are bytes, so a test can
 * slip in one that is not a GetFlowsResponse.
 */
public final class ObserverReplayServer implements AutoCloseable {
    private final List<byte[]> messages;
    private final List<Long> times;
    private volatile int available;
    private final Server server;
    private final EventLoopGroup group;

    private ObserverReplayServer(List<byte[]> messages, int available, NettyServerBuilder builder, EventLoopGroup group)
            throws IOException {
        this.messages = messages;
        this.available = available;
        this.group = group;
        this.times = new ArrayList<>();
        for (byte[] m : messages) {
            long t;
            try {
                GetFlowsResponse r = GetFlowsResponse.parseFrom(m);
                t = r.getFlow().getTime().getSeconds() * 1_000_000_000L + r.getFlow().getTime().getNanos();
            } catch (InvalidProtocolBufferException e) {
                t = Long.MAX_VALUE; // a broken message is sent whatever the since
            }
            times.add(t);
        }
        this.server = builder.addService(service()).build().start();
    }

    /** Serves on 127.0.0.1 at {@code port} (0: any free port), the first {@code available} messages at once. */
    public static ObserverReplayServer tcp(List<byte[]> messages, int available, int port) throws IOException {
        return new ObserverReplayServer(messages, available,
                NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port)), null);
    }

    /**
     * Serves with TLS on 127.0.0.1 (any free port): the server's certificate and key, and, when {@code clientCa}
     * is given, client certificates signed by it are required (mutual TLS).
     */
    public static ObserverReplayServer tls(List<byte[]> messages, Path cert, Path key, Path clientCa) throws IOException {
        var ssl = io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts.forServer(cert.toFile(), key.toFile());
        if (clientCa != null) {
            ssl.trustManager(clientCa.toFile()).clientAuth(io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth.REQUIRE);
        }
        return new ObserverReplayServer(messages, messages.size(),
                NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).sslContext(ssl.build()), null);
    }

    /** Serves on a unix socket at {@code socket}. */
    public static ObserverReplayServer unix(List<byte[]> messages, Path socket) throws IOException {
        EpollEventLoopGroup g = new EpollEventLoopGroup(1);
        return new ObserverReplayServer(messages, messages.size(),
                NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                        .channelType(EpollServerDomainSocketChannel.class).bossEventLoopGroup(g).workerEventLoopGroup(g), g);
    }

    /** Every recorded line as a serialized GetFlowsResponse. */
    public static List<byte[]> recorded(List<RecordedHubbleFlows.Line> lines) throws InvalidProtocolBufferException {
        List<byte[]> out = new ArrayList<>();
        for (RecordedHubbleFlows.Line l : lines) {
            out.add(HubbleResponses.parseJson(l.text()).toByteArray());
        }
        return out;
    }

    public int port() {
        return ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
    }

    /** Makes the first n messages available (following calls get the new ones). */
    public void makeAvailable(int n) {
        available = n;
    }

    private ServerServiceDefinition service() {
        return ServerServiceDefinition.builder(io.flowlens.sources.hubble.api.ObserverGrpc.SERVICE_NAME)
                .addMethod(RawMessages.GET_FLOWS, ServerCalls.asyncServerStreamingCall(this::getFlows)).build();
    }

    private void getFlows(GetFlowsRequest req, StreamObserver<byte[]> out) {
        ServerCallStreamObserver<byte[]> call = (ServerCallStreamObserver<byte[]>) out;
        long since = req.hasSince() ? req.getSince().getSeconds() * 1_000_000_000L + req.getSince().getNanos() : Long.MIN_VALUE;
        int next = 0;
        try {
            while (!call.isCancelled()) {
                int upTo = available;
                for (; next < upTo && !call.isCancelled(); next++) {
                    if (times.get(next) >= since) {
                        call.onNext(messages.get(next));
                    }
                }
                if (!req.getFollow()) {
                    call.onCompleted();
                    return;
                }
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException gone) {
            // the call was cancelled or the server stopped while sending
        }
    }

    /** Stops at once, cutting every open stream (an outage as the client sees it). */
    @Override
    public void close() throws InterruptedException {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
