package io.flowlens.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers every namespace and root-namespace link this JVM created, so that a JVM shutdown hook can remove whatever
 * a test did not close, and a test can check that nothing of ours was left behind. Objects created by other JVMs
 * (another worktree's tests) are never touched.
 */
public final class Cleanup {

    private static final Set<String> liveNamespaces = ConcurrentHashMap.newKeySet();
    private static final Set<String> liveRootLinks = ConcurrentHashMap.newKeySet();
    private static final Set<String> everNamespaces = ConcurrentHashMap.newKeySet();
    private static final Set<String> everRootLinks = ConcurrentHashMap.newKeySet();
    private static final Set<ProcessHandle> liveRootProcesses = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Cleanup::removeAll, "flowlens-testkit-cleanup"));
    }

    private Cleanup() {}

    static void namespaceCreated(String name) {
        everNamespaces.add(name);
        liveNamespaces.add(name);
    }

    static void namespaceRemoved(String name) {
        liveNamespaces.remove(name);
    }

    static void rootLinkCreated(String name) {
        everRootLinks.add(name);
        liveRootLinks.add(name);
    }

    static void rootLinkRemoved(String name) {
        liveRootLinks.remove(name);
    }

    static void rootProcessStarted(ProcessHandle process) {
        liveRootProcesses.add(process);
    }

    static void rootProcessEnded(ProcessHandle process) {
        liveRootProcesses.remove(process);
    }

    /**
     * Names of namespaces and root-namespace links created by this JVM that still exist, as the kernel reports them
     * ({@code ip netns list}, {@code ip -o link show}). Empty when every test closed what it opened.
     */
    public static List<String> leftovers() {
        List<String> left = new ArrayList<>();
        String namespaces = Command.run("ip", "netns", "list").checked().stdout();
        for (String line : namespaces.lines().toList()) {
            String name = line.strip().split("\\s+")[0];
            if (everNamespaces.contains(name)) {
                left.add("netns " + name);
            }
        }
        String links = Command.run("ip", "-o", "link", "show").checked().stdout();
        for (String line : links.lines().toList()) {
            String[] parts = line.split(":\\s+", 3);
            if (parts.length >= 2) {
                String name = parts[1].split("@")[0];
                if (everRootLinks.contains(name)) {
                    left.add("link " + name);
                }
            }
        }
        return left;
    }

    /** The shutdown hook's fallback; best effort, never throws. */
    private static void removeAll() {
        liveRootProcesses.forEach(ProcessHandle::destroyForcibly);
        for (String ns : List.copyOf(liveNamespaces)) {
            try {
                NetNs.killAll(ns);
                Command.run("ip", "netns", "del", ns);
            } catch (RuntimeException e) {
                System.err.println("flowlens testkit: could not delete netns " + ns + ": " + e.getMessage());
            }
        }
        for (String link : List.copyOf(liveRootLinks)) {
            try {
                Command.run("ip", "link", "del", link);
            } catch (RuntimeException e) {
                System.err.println("flowlens testkit: could not delete link " + link + ": " + e.getMessage());
            }
        }
    }
}
