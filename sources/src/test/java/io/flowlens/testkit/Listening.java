package io.flowlens.testkit;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * Waits for a server started in a namespace to listen on its port. Polls the namespace's sockets with {@code ss}
 * rather than connecting, so readiness adds no conversation to a capture.
 */
public final class Listening {
    private Listening() {}

    /** The transport a server listens on. */
    public enum Transport {
        TCP("-t"), UDP("-u");

        private final String ssFlag;

        Transport(String ssFlag) {
            this.ssFlag = ssFlag;
        }
    }

    /** How long a server started by {@link #start} may take to listen. */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(15);

    /**
     * Starts a server in {@code ns} and returns once it listens on {@code port} of {@code bind} over every one of
     * {@code transports}; if it does not, ends it and throws with its output.
     *
     * @param what the server's name, for the error
     */
    public static BackgroundProcess start(NetNs ns, String what, InetAddress bind, int port, List<Transport> transports,
                                          String... command) {
        TestAddresses.requireTestAddress(bind.getHostAddress());
        BackgroundProcess process = ns.start(command);
        try {
            for (Transport transport : transports) {
                await(ns, process, what, transport, bind, port, READY_TIMEOUT);
            }
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
        return process;
    }

    /**
     * Returns once {@code process} has a {@code transport} socket bound to {@code port} in {@code ns} (listening, for
     * TCP), in the family of {@code bind}.
     *
     * @param what the server's name, for the error
     * @throws IllegalStateException with the server's output if it ends first or does not listen within {@code timeout}
     */
    public static void await(NetNs ns, BackgroundProcess process, String what, Transport transport, InetAddress bind,
                             int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String family = bind instanceof Inet6Address ? "-6" : "-4";
        String state = transport == Transport.TCP ? "-l" : "-a";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(what + " ended at start: " + process.output().strip());
            }
            String sockets = ns.exec(Duration.ofSeconds(5), "ss", "-H", state, transport.ssFlag, "-n", family,
                    "sport = :" + port).stdout();
            if (!sockets.isBlank()) {
                return;
            }
            BackgroundProcess.sleep(Duration.ofMillis(50));
        }
        throw new IllegalStateException(what + " not listening on " + TestAddresses.urlHost(bind) + ":" + port + " ("
                + transport + ") after " + timeout + ": " + process.output().strip());
    }
}
