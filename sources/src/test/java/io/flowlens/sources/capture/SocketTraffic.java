package io.flowlens.sources.capture;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** Java-socket traffic of known sizes to a {@link PeerServer}, every call bounded by a timeout. */
final class SocketTraffic {
    private static final int TIMEOUT_MS = (int) Duration.ofSeconds(10).toMillis();

    private SocketTraffic() {}

    /**
     * One TCP connection: sends {@code requestBytes}, half-closes, reads the reply to its end and closes, so both
     * sides send exactly one FIN and nothing is reset.
     *
     * @return reply bytes received
     */
    static long tcpExchange(InetAddress server, int port, int requestBytes) throws IOException {
        try (Socket s = new Socket()) {
            s.setSoTimeout(TIMEOUT_MS);
            s.connect(new InetSocketAddress(server, port), TIMEOUT_MS);
            s.getOutputStream().write(new byte[requestBytes]);
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[16384];
            long received = 0;
            for (int n; (n = in.read(buf)) >= 0; ) {
                received += n;
            }
            return received;
        }
    }

    /**
     * One datagram of each size, each awaiting its echo.
     *
     * @return echoes received
     */
    static int udpEchoes(InetAddress server, int port, int... sizes) throws IOException {
        int echoes = 0;
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(TIMEOUT_MS);
            byte[] buf = new byte[65536];
            for (int size : sizes) {
                s.send(new DatagramPacket(new byte[size], size, new InetSocketAddress(server, port)));
                DatagramPacket echo = new DatagramPacket(buf, buf.length);
                s.receive(echo);
                echoes += echo.getLength() == size ? 1 : 0;
            }
        }
        return echoes;
    }
}
