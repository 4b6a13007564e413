package io.flowlens.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's nginx in the foreground (one process, no master), serving a folder on one address and port inside a
 * namespace, with its own configuration, logs and temporary files under a test folder: it touches nothing of the
 * system's nginx. {@link #close()} stops it.
 */
public final class NginxServer implements AutoCloseable {
    private final BackgroundProcess process;
    private final InetAddress bind;
    private final int port;

    private NginxServer(BackgroundProcess process, InetAddress bind, int port) {
        this.process = process;
        this.bind = bind;
        this.port = port;
    }

    /**
     * Starts nginx and returns once it listens.
     *
     * @param root the folder it serves (its files answer GETs)
     * @param work a folder for its configuration and temporary files
     * @param locations nginx directives added to the server block, e.g. {@code location = /x { return 204; }}
     */
    public static NginxServer start(NetNs ns, InetAddress bind, int port, Path root, Path work, String locations) {
        Path conf = work.resolve("nginx.conf");
        String config = """
                daemon off;
                master_process off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log stderr notice;
                events { worker_connections 64; }
                http {
                    access_log off;
                    server_tokens off;
                    client_body_temp_path %1$s/client_body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    types { text/plain txt; text/html html; }
                    server {
                        listen %2$s:%3$d;
                        root %4$s;
                        %5$s
                    }
                }
                """.formatted(work, TestAddresses.urlHost(bind), port, root, locations);
        try {
            Files.writeString(conf, config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + conf, e);
        }
        // -e: the error log before the configuration is read goes to stderr too, not to /var/log/nginx
        BackgroundProcess process = Listening.start(ns, "nginx", bind, port, List.of(Listening.Transport.TCP),
                "nginx", "-e", "stderr", "-p", work.toString(), "-c", conf.toString());
        return new NginxServer(process, bind, port);
    }

    /** The URL of {@code path} (which starts with {@code /}) on this server. */
    public String url(String path) {
        return "http://" + TestAddresses.urlHost(bind) + ":" + port + path;
    }

    /** What nginx wrote to its error log (stderr). */
    public String output() {
        return process.output();
    }

    @Override
    public void close() {
        process.close();
    }
}
