package io.flowlens.testkit;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's redis-server in the foreground on one address and port inside a namespace, in memory only (no RDB or AOF
 * file, its working folder a test folder). {@link #close()} stops it.
 */
public final class RedisServer implements AutoCloseable {
    private final BackgroundProcess process;

    private RedisServer(BackgroundProcess process) {
        this.process = process;
    }

    /** Starts redis-server and returns once it listens. */
    public static RedisServer start(NetNs ns, InetAddress bind, int port, Path work) {
        BackgroundProcess process = Listening.start(ns, "redis-server", bind, port, List.of(Listening.Transport.TCP),
                "redis-server", "--bind", bind.getHostAddress(), "--port", Integer.toString(port), "--save", "",
                "--appendonly", "no", "--protected-mode", "no", "--daemonize", "no", "--dir", work.toString(),
                "--logfile", "");
        return new RedisServer(process);
    }

    /** redis-server's log. */
    public String output() {
        return process.output();
    }

    @Override
    public void close() {
        process.close();
    }
}
