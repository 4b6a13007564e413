package io.flowlens.testkit;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Python's {@code http.server} serving a folder inside a namespace, made by
 * {@link Traffic#httpServer(NetNs, InetAddress, int, Path)}. It answers HTTP/1.0 and closes the connection after each
 * response, so one request is one TCP connection. {@link #close()} stops it.
 */
public final class HttpServer implements AutoCloseable {

    private final BackgroundProcess process;
    private final InetAddress bind;
    private final int port;

    private HttpServer(BackgroundProcess process, InetAddress bind, int port) {
        this.process = process;
        this.bind = bind;
        this.port = port;
    }

    static HttpServer start(NetNs ns, InetAddress bind, int port, Path directory) {
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        BackgroundProcess process = Listening.start(ns, "http.server", bind, port, List.of(Listening.Transport.TCP),
                python, "-m", "http.server", "--bind", bind.getHostAddress(), "--directory", directory.toString(),
                Integer.toString(port));
        return new HttpServer(process, bind, port);
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
