package io.flowlens.sources.capture;

import java.util.concurrent.atomic.AtomicLong;

/**
 * OOM kills the kernel reported (tracepoint oom/mark_victim) to the live capture in this JVM. The system metrics
 * reader on the same node reads it per window: with one TaskManager per node, as flowlens deploys, this JVM's count
 * is the node's.
 */
public final class NodeOomKills {
    private static final AtomicLong KILLS = new AtomicLong();

    private NodeOomKills() {}

    public static void record() {
        KILLS.incrementAndGet();
    }

    /** Kills recorded so far in this JVM. */
    public static long total() {
        return KILLS.get();
    }
}
