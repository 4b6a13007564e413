package io.flowlens.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Starts a test main class in its own JVM (same java, same classpath) inside a namespace, and waits until it is ready. */
public final class ChildJvm {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private ChildJvm() {}

    /**
     * Starts {@code main} in its own JVM (this JVM's {@code java}) inside a namespace with its own classpath and JVM
     * options, without waiting for anything: for programs that say they are ready elsewhere than on their output (a
     * Flink daemon logs to a file and answers on its REST port).
     */
    public static BackgroundProcess launch(NetNs where, String classpath, List<String> jvmOptions, String main,
                                           List<String> args) {
        List<String> argv = new ArrayList<>();
        argv.add(ProcessHandle.current().info().command().orElseThrow(() -> new IllegalStateException("no java command")));
        argv.addAll(jvmOptions);
        argv.addAll(List.of("-cp", classpath, main));
        argv.addAll(args);
        return where.start(argv.toArray(String[]::new));
    }

    /**
     * @param readyLine what the main prints once it is ready
     * @throws IllegalStateException with the child's output if it does not get ready
     */
    public static BackgroundProcess start(NetNs where, Class<?> main, String readyLine, String... args) {
        List<String> argv = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElseThrow(() -> new IllegalStateException("no java command")),
                "--enable-native-access=ALL-UNNAMED", "-Xmx128m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        argv.addAll(List.of(args));
        BackgroundProcess child = where.start(argv.toArray(String[]::new));
        if (!child.awaitOutput(readyLine, READY_TIMEOUT)) {
            String output = child.output();
            child.close();
            throw new IllegalStateException(main.getSimpleName() + " did not print '" + readyLine + "' within "
                    + READY_TIMEOUT + ": " + output.strip());
        }
        return child;
    }
}
