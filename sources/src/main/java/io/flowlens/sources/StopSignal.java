package io.flowlens.sources;

/**
 * Ends live sources (capture, system metrics) in this JVM early and cleanly, as if its duration were over: an embedded run's Ctrl-C sets it,
 * the readers then drain the ring, emit what they hold and finish, and the job ends with every file committed.
 */
public final class StopSignal {
    private static volatile boolean requested;

    private StopSignal() {}

    public static void request() {
        requested = true;
    }

    public static boolean requested() {
        return requested;
    }
}
