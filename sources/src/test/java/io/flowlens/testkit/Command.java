package io.flowlens.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Runs an external program to completion with a timeout, capturing its output. */
public final class Command {

    /** Used when a caller gives no timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private Command() {}

    /**
     * The outcome of a finished program.
     *
     * @param command the argument vector that ran
     * @param exitCode the exit status
     * @param stdout standard output, decoded as UTF-8
     * @param stderr standard error, decoded as UTF-8
     */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {

        /** Returns this result if the exit code is 0, else throws with the command and both outputs. */
        public Result checked() {
            if (exitCode != 0) {
                throw new IllegalStateException(
                        "`" + String.join(" ", command) + "` exited with " + exitCode
                                + "\nstdout: " + stdout.strip() + "\nstderr: " + stderr.strip());
            }
            return this;
        }
    }

    /** Runs {@code argv} with {@link #DEFAULT_TIMEOUT}; see {@link #run(Duration, String...)}. */
    public static Result run(String... argv) {
        return run(DEFAULT_TIMEOUT, argv);
    }

    /**
     * Runs {@code argv} and waits for it.
     *
     * @throws IllegalStateException if it does not finish within {@code timeout} (it and its children are killed)
     */
    public static Result run(Duration timeout, String... argv) {
        List<String> command = List.of(argv);
        Process process;
        try {
            process = new ProcessBuilder(command).start();
            process.getOutputStream().close(); // no program here reads stdin
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start `" + String.join(" ", command) + "`", e);
        }
        // Both pipes are drained concurrently so a chatty program cannot block on a full pipe.
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                throw new IllegalStateException("`" + String.join(" ", command) + "` did not finish within " + timeout
                        + "; killed. stdout so far: " + out.getNow("").strip());
            }
            return new Result(command, process.exitValue(), out.get(), err.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while running `" + String.join(" ", command) + "`", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the output of `" + String.join(" ", command) + "`", e);
        }
    }

    private static CompletableFuture<String> drain(InputStream in) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (in) {
                result.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }
}
