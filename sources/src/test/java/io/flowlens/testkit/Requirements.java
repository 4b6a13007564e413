package io.flowlens.testkit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine, and the one policy for when it is missing: in CI ({@code CI=true}) a missing
 * requirement fails the test, because a green CI run that skipped it is not a pass; on a developer machine the test
 * is aborted (reported as skipped) with the same message.
 */
public final class Requirements {

    private Requirements() {}

    /** True when the environment variable {@code CI} is {@code true} (GitHub Actions, GitLab and most others set it). */
    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * Reports a missing requirement: fails the test in CI, aborts it elsewhere. Never returns normally.
     *
     * @param message what is missing, where it was looked for and how to provide it
     * @return never; declared so callers can write {@code throw Requirements.unavailable(...)}
     */
    public static RuntimeException unavailable(String message) {
        if (inCi()) {
            Assertions.fail(message + " (CI=true: failing instead of skipping)");
        }
        Assumptions.abort(message + " (set CI=true to make this a failure)");
        throw new IllegalStateException("unreachable");
    }

    /** Requires an effective uid of 0, which network namespaces, veth pairs and packet capture need. */
    public static void requireRoot() {
        String uid;
        try {
            uid = Command.run("id", "-u").checked().stdout().strip();
        } catch (RuntimeException e) {
            throw unavailable("cannot determine the user id (`id -u` failed: " + e.getMessage() + ")");
        }
        if (!"0".equals(uid)) {
            throw unavailable("this test needs root for network namespaces and capture; running as uid " + uid);
        }
    }
}
