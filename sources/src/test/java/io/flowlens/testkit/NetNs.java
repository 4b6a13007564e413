package io.flowlens.testkit;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A network namespace made for one test ({@code ip netns add fl-<random>}), with its loopback up.
 * {@link #close()} ends every process in it and deletes it; a JVM shutdown hook does the same for namespaces a test
 * forgot (see {@link Cleanup}).
 *
 * <p>{@link #root()} stands for the root namespace, so helpers can take "where to run" uniformly; closing it does
 * nothing.
 */
public final class NetNs implements AutoCloseable {

    private static final NetNs ROOT = new NetNs(null);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String name;
    private final List<BackgroundProcess> processes = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private NetNs(String name) {
        this.name = name;
    }

    /** Creates a uniquely named namespace with {@code lo} up. */
    public static NetNs create() {
        byte[] bytes = new byte[4];
        RANDOM.nextBytes(bytes);
        String name = "fl-" + HexFormat.of().formatHex(bytes);
        Command.run("ip", "netns", "add", name).checked();
        Cleanup.namespaceCreated(name);
        NetNs ns = new NetNs(name);
        try {
            Command.run("ip", "-n", name, "link", "set", "lo", "up").checked();
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    /** The root network namespace (the one the JVM runs in). */
    public static NetNs root() {
        return ROOT;
    }

    /** Whether this stands for the root namespace. */
    public boolean isRoot() {
        return name == null;
    }

    /** The namespace name as {@code ip netns} knows it; null for {@link #root()}. */
    public String name() {
        return name;
    }

    /** Runs a command in this namespace with {@link Command#DEFAULT_TIMEOUT}; the exit code is not checked. */
    public Command.Result exec(String... command) {
        return exec(Command.DEFAULT_TIMEOUT, command);
    }

    /** Runs a command in this namespace, killing it after {@code timeout}; the exit code is not checked. */
    public Command.Result exec(Duration timeout, String... command) {
        ensureOpen();
        return Command.run(timeout, argv(command).toArray(String[]::new));
    }

    /**
     * Starts a command in the background in this namespace. It is ended by the handle's {@code close()} or, at the
     * latest, by this namespace's {@link #close()}.
     */
    public BackgroundProcess start(String... command) {
        ensureOpen();
        BackgroundProcess process = BackgroundProcess.start(argv(command));
        processes.add(process);
        if (isRoot()) {
            Cleanup.rootProcessStarted(ProcessHandle.of(process.pid()).orElseThrow());
        }
        return process;
    }

    /** The argument vector of {@code ip} itself, aimed at this namespace ({@code ip -n NAME}). */
    List<String> ip(String... args) {
        List<String> argv = new ArrayList<>(isRoot() ? List.of("ip") : List.of("ip", "-n", name));
        argv.addAll(List.of(args));
        return argv;
    }

    private List<String> argv(String... command) {
        List<String> argv = new ArrayList<>(isRoot() ? List.of() : List.of("ip", "netns", "exec", name));
        argv.addAll(List.of(command));
        return argv;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("netns " + name + " is closed");
        }
    }

    /**
     * Ends the processes started here and deletes the namespace (its veth ends go with it). For {@link #root()} this
     * does nothing: processes started there are ended by their own handles. Idempotent.
     */
    @Override
    public void close() {
        if (isRoot() || closed) {
            return;
        }
        closed = true;
        processes.forEach(BackgroundProcess::close);
        killAll(name);
        Command.run("ip", "netns", "del", name).checked();
        Cleanup.namespaceRemoved(name);
    }

    /** Kills whatever still runs in namespace {@code ns} (started by {@link #exec} and daemonised, for example). */
    static void killAll(String ns) {
        String pids = Command.run("ip", "netns", "pids", ns).stdout();
        for (String pid : pids.lines().map(String::strip).filter(s -> !s.isEmpty()).toList()) {
            Command.run("kill", "-KILL", pid);
        }
    }

    @Override
    public String toString() {
        return isRoot() ? "netns(root)" : "netns(" + name + ")";
    }
}
