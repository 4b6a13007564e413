package io.flowlens.sources.capture;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The far end of the live-capture traffic, run in a test namespace as its own JVM: a TCP server that reads a
 * connection to its end, answers with a fixed number of bytes and closes, and a UDP server that echoes datagrams.
 * Prints "ready" once both listen; exits by itself after a bound, so nothing of it outlives a forgetful test.
 *
 * <p>Arguments: bind address, TCP port, UDP port, reply bytes per TCP connection.
 */
public final class PeerServer {
    public static final String READY = "ready";
    private static final long MAX_LIFETIME_MS = 120_000;

    private PeerServer() {}

    public static void main(String[] args) throws Exception {
        InetAddress bind = InetAddress.ofLiteral(args[0]);
        int replyBytes = Integer.parseInt(args[3]);
        ServerSocket tcp = new ServerSocket();
        tcp.bind(new InetSocketAddress(bind, Integer.parseInt(args[1])));
        DatagramSocket udp = new DatagramSocket(new InetSocketAddress(bind, Integer.parseInt(args[2])));
        Thread.ofPlatform().daemon().start(() -> echo(udp));
        Thread.ofPlatform().daemon().start(() -> serve(tcp, replyBytes));
        System.out.println(READY);
        System.out.flush();
        Thread.sleep(MAX_LIFETIME_MS);
    }

    private static void serve(ServerSocket tcp, int replyBytes) {
        while (true) {
            try (Socket s = tcp.accept()) {
                InputStream in = s.getInputStream();
                byte[] buf = new byte[16384];
                while (in.read(buf) >= 0) {
                    // drain to the client's FIN: the reply follows a complete request
                }
                OutputStream out = s.getOutputStream();
                out.write(new byte[replyBytes]);
                out.flush();
            } catch (IOException e) {
                System.out.println("tcp: " + e);
            }
        }
    }

    private static void echo(DatagramSocket udp) {
        byte[] buf = new byte[65536];
        while (true) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                udp.receive(p);
                udp.send(new DatagramPacket(buf, p.getLength(), p.getSocketAddress()));
            } catch (IOException e) {
                System.out.println("udp: " + e);
            }
        }
    }
}
