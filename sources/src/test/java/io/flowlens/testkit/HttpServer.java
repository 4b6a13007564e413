package io.flowlens.testkit;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Python's {@code http.server} serving a folder inside a namespace, made by
 * {@link Traffic#httpServer(NetNs, InetAddress, int, Path)}. It answers HTTP/1.0 and closes the connection after each
 * response, so one request is one TCP connection. {@link #close()} stops it.
 */
public final class HttpServer implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);

    private final BackgroundProcess process;
    private final InetAddress bind;
    private final int port;

    private HttpServer(BackgroundProcess process, InetAddress bind, int port) {
        this.process = process;
        this.bind = bind;
        this.port = port;
    }

    static HttpServer start(NetNs ns, InetAddress bind, int port, Path directory) {
        TestAddresses.requireTestAddress(bind.getHostAddress());
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        BackgroundProcess process = ns.start(python, "-m", "http.server", "--bind", bind.getHostAddress(),
                "--directory", directory.toString(), Integer.toString(port));
        HttpServer server = new HttpServer(process, bind, port);
        try {
            server.awaitListening(ns);
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
        return server;
    }

    // Polls the listening sockets rather than connecting, so readiness adds no conversation to a capture.
    private void awaitListening(NetNs ns) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String family = bind instanceof Inet6Address ? "-6" : "-4";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("http.server ended at start: " + process.output().strip());
            }
            String listening = ns.exec(Duration.ofSeconds(5), "ss", "-H", "-l", "-t", "-n", family,
                    "sport = :" + port).stdout();
            if (!listening.isBlank()) {
                return;
            }
            BackgroundProcess.sleep(Duration.ofMillis(50));
        }
        throw new IllegalStateException("http.server not listening on " + TestAddresses.urlHost(bind) + ":" + port
                + " after " + READY_TIMEOUT + ": " + process.output().strip());
    }

    /** The URL of {@code path} (which starts with {@code /}) on this server. */
    public String url(String path) {
        return "http://" + TestAddresses.urlHost(bind) + ":" + port + path;
    }

    /** The server's log (one line per request). */
    public String log() {
        return process.output();
    }

    /** Stops the server. */
    @Override
    public void close() {
        process.close();
    }
}
