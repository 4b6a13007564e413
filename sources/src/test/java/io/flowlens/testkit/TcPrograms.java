package io.flowlens.testkit;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Whether this process holds a TCX link on an interface, read from the kernel's own fdinfo (independent of our code;
 * bpftool 7.1 lists TCX links without their interface).
 */
public final class TcPrograms {
    private TcPrograms() {}

    /** Whether this JVM holds a TCX link on {@code ifindex}. */
    public static boolean tcxLinkHeld(int ifindex) {
        Path fdinfo = Path.of("/proc/self/fdinfo");
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdinfo)) {
            for (Path fd : fds) {
                String info;
                try {
                    info = Files.readString(fd);
                } catch (IOException closedMeanwhile) {
                    continue;
                }
                if (info.contains("link_type:\ttcx") && info.contains("ifindex:\t" + ifindex + "\n")) {
                    return true;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + fdinfo + ": " + e.getMessage(), e);
        }
        return false;
    }

    /** Waits (polling, at most {@code timeout}) until this JVM holds a TCX link on {@code ifindex}. */
    public static void awaitTcxLink(int ifindex, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!tcxLinkHeld(ifindex)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no TCX link on ifindex " + ifindex + " within " + timeout);
            }
            Thread.sleep(20);
        }
    }
}
