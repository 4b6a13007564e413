package io.flowlens.job.l7.http2;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Main of a child JVM running {@link EchoService} on a grpc-java Netty server in plain-text HTTP/2 (prior knowledge).
 * Args: listen address (a test address), port. Prints {@link #READY} once it listens; runs until killed.
 */
public final class GrpcEchoServer {
    public static final String READY = "grpc echo server ready";

    private GrpcEchoServer() {}

    public static void main(String[] args) throws Exception {
        InetAddress address = io.flowlens.testkit.TestAddresses.requireTestAddress(args[0]);
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress(address, Integer.parseInt(args[1])))
                .addService(EchoService.definition())
                .build()
                .start();
        System.out.println(READY);
        server.awaitTermination();
    }
}
