package io.flowlens.sources.capture;

/**
 * A process chosen by the OOM killer (tracepoint oom/mark_victim).
 *
 * @param epochNanos when, ns since the Unix epoch
 * @param command    empty where the kernel's tracepoint does not carry it
 * @param totalVmKb  0 where the kernel's tracepoint does not carry it
 */
public record OomKill(long epochNanos, int pid, String command, long totalVmKb, long anonRssKb) {}
