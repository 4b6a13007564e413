package io.flowlens.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * A program running in the background (a server, a capture), its standard output and error merged into a log file.
 * {@link #close()} ends it and its children: SIGTERM, then SIGKILL after a grace period.
 */
public final class BackgroundProcess implements AutoCloseable {

    private static final Duration GRACE = Duration.ofSeconds(3);

    private final List<String> command;
    private final Process process;
    private final Path log;

    private BackgroundProcess(List<String> command, Process process, Path log) {
        this.command = command;
        this.process = process;
        this.log = log;
    }

    static BackgroundProcess start(List<String> command) {
        try {
            Path log = Files.createTempFile("flowlens-bg-", ".log");
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            process.getOutputStream().close();
            return new BackgroundProcess(command, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start `" + String.join(" ", command) + "`", e);
        }
    }

    /** The process id (with {@code ip netns exec} it is the program itself: ip execs it without forking). */
    public long pid() {
        return process.pid();
    }

    /** Whether the program is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The command line that started it. */
    public List<String> command() {
        return command;
    }

    /** Everything it wrote so far to standard output and error. */
    public String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /**
     * Waits until its output contains {@code text}, polling every 20 ms.
     *
     * @return true if it appeared in time; false on timeout or if the program ended first
     */
    public boolean awaitOutput(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (output().contains(text)) {
                return true;
            }
            if (!process.isAlive()) {
                return output().contains(text);
            }
            sleep(Duration.ofMillis(20));
        }
        return false;
    }

    /** Sends a signal by name ({@code INT}, {@code TERM}) through {@code kill}. */
    public void signal(String name) {
        Command.run("kill", "-" + name, Long.toString(process.pid())).checked();
    }

    /**
     * Waits for the program to end.
     *
     * @return its exit code, or empty if it is still running after {@code timeout}
     */
    public OptionalInt awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    ? OptionalInt.of(process.exitValue())
                    : OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }

    /** Ends the program and its children if still running, and deletes the log. Idempotent. */
    @Override
    public void close() {
        if (process.isAlive()) {
            List<ProcessHandle> children = process.descendants().toList();
            process.destroy();
            children.forEach(ProcessHandle::destroy);
            if (awaitExit(GRACE).isEmpty()) {
                process.destroyForcibly();
                awaitExit(GRACE);
            }
            children.forEach(ProcessHandle::destroyForcibly);
        }
        Cleanup.rootProcessEnded(process.toHandle());
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a temp file; leaving it is harmless
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
