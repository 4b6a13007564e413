package io.flowlens.testkit;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TCX links a process holds, read from the kernel's own fdinfo (independent of our code; bpftool 7.1 lists TCX
 * links without their interface).
 */
public final class TcPrograms {
    /** A TCX link as the kernel describes it in the fdinfo of the descriptor that holds it. */
    public record TcxLink(int linkId, int progId, int ifindex, String attachType) {}

    private TcPrograms() {}

    /** TCX links on {@code ifindex} that process {@code pid} holds open. */
    public static List<TcxLink> linksHeldBy(long pid, int ifindex) {
        List<TcxLink> links = new ArrayList<>();
        Path fdinfo = Path.of("/proc", Long.toString(pid), "fdinfo");
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdinfo)) {
            for (Path fd : fds) {
                String info;
                try {
                    info = Files.readString(fd);
                } catch (IOException closedMeanwhile) {
                    continue;
                }
                if ("tcx".equals(field(info, "link_type")) && Integer.toString(ifindex).equals(field(info, "ifindex"))) {
                    links.add(new TcxLink(Integer.parseInt(field(info, "link_id")),
                            Integer.parseInt(field(info, "prog_id")), ifindex, field(info, "attach_type")));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + fdinfo + ": " + e.getMessage(), e);
        }
        return links;
    }

    private static String field(String fdinfo, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + ":\\s*(.*)$").matcher(fdinfo);
        return m.find() ? m.group(1).strip() : null;
    }

    /**
     * Whether this JVM holds TCX links on {@code ifindex} for both directions. Capture attaches ingress first and
     * egress a moment later, so one link alone is not a capture yet: a test that sent on seeing the ingress link once
     * lost its first egress packet (9 of 10 echo requests, all 10 replies).
     */
    public static boolean tcxLinkHeld(int ifindex) {
        return linksHeldBy(ProcessHandle.current().pid(), ifindex).stream().map(TcxLink::attachType).distinct().count() >= 2;
    }

    /** Waits (polling, at most {@code timeout}) until this JVM holds both TCX links on {@code ifindex}. */
    public static void awaitTcxLink(int ifindex, Duration timeout) throws InterruptedException {
        awaitTcxLinkSince(ifindex, System.nanoTime(), timeout);
    }

    /**
     * Waits (polling, at most {@code timeout}) until this JVM holds both TCX links on {@code ifindex}, for a capture
     * whose duration runs from its attach.
     *
     * @return the last {@link System#nanoTime()} at which the link was not there yet (a lower bound of the attach
     *     time), or {@code notBefore} if it was there at once
     */
    public static long awaitTcxLinkSince(int ifindex, long notBefore, Duration timeout) throws InterruptedException {
        long last = notBefore, deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long now = System.nanoTime();
            if (tcxLinkHeld(ifindex)) {
                return last;
            }
            if (now > deadline) {
                throw new AssertionError("no TCX links for both directions on ifindex " + ifindex + " within " + timeout);
            }
            last = now;
            Thread.sleep(20);
        }
    }
}
