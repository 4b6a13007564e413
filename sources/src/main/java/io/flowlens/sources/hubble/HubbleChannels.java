package io.flowlens.sources.hubble;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import java.io.File;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Opens gRPC channels to Hubble: TCP (plain, TLS, mutual TLS) through grpc's shaded Netty, unix sockets through its epoll. */
public final class HubbleChannels {
    private HubbleChannels() {}

    /** A channel to the connection's address; the caller shuts it down. */
    public static ManagedChannel open(HubbleConnection c) throws IOException {
        if (c.isSocket()) {
            if (!Epoll.isAvailable()) {
                throw new IOException("unix sockets need Netty's epoll transport, unavailable here: "
                        + Epoll.unavailabilityCause());
            }
            // the event loop group is the channel's own: shut down with it
            EpollEventLoopGroup group = new EpollEventLoopGroup(1);
            ManagedChannel ch = NettyChannelBuilder.forAddress(new DomainSocketAddress(c.socketPath().toString()))
                    .eventLoopGroup(group).channelType(EpollDomainSocketChannel.class).usePlaintext()
                    .keepAliveTime(30, TimeUnit.SECONDS).build();
            return new OwningChannel(ch, group::shutdownGracefully);
        }
        String[] hp = c.hostAndPort();
        ManagedChannelBuilder<?> b = Grpc.newChannelBuilderForAddress(hp[0], Integer.parseInt(hp[1]), credentials(c));
        if (c.serverName() != null) {
            b.overrideAuthority(c.serverName());
        }
        return b.keepAliveTime(30, TimeUnit.SECONDS).maxInboundMessageSize(16 << 20).build();
    }

    private static ChannelCredentials credentials(HubbleConnection c) throws IOException {
        if (!c.tls()) {
            return InsecureChannelCredentials.create();
        }
        TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder();
        if (c.caFile() != null) {
            tls.trustManager(readable(c.caFile(), "CA certificate"));
        }
        if (c.certFile() != null) {
            tls.keyManager(readable(c.certFile(), "client certificate"), readable(c.keyFile(), "client key"));
        }
        return tls.build();
    }

    private static File readable(String path, String what) throws IOException {
        File f = new File(path);
        if (!f.canRead()) {
            throw new IOException("Hubble " + what + " file " + path + " does not exist or is not readable");
        }
        return f;
    }

    /** A channel that also releases a resource of its own (the epoll event loop) when shut down. */
    private static final class OwningChannel extends ManagedChannel {
        private final ManagedChannel delegate;
        private final Runnable release;

        OwningChannel(ManagedChannel delegate, Runnable release) {
            this.delegate = delegate;
            this.release = release;
        }

        @Override
        public ManagedChannel shutdown() {
            delegate.shutdown();
            release.run();
            return this;
        }

        @Override
        public boolean isShutdown() {
            return delegate.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return delegate.isTerminated();
        }

        @Override
        public ManagedChannel shutdownNow() {
            delegate.shutdownNow();
            release.run();
            return this;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return delegate.awaitTermination(timeout, unit);
        }

        @Override
        public <Q, R> io.grpc.ClientCall<Q, R> newCall(io.grpc.MethodDescriptor<Q, R> method, io.grpc.CallOptions options) {
            return delegate.newCall(method, options);
        }

        @Override
        public String authority() {
            return delegate.authority();
        }
    }
}
