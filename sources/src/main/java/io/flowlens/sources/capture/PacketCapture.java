package io.flowlens.sources.capture;

import io.flowlens.sources.bpf.CounterSnapshot;

/**
 * Something that produces packet records: live TC capture or replay of a capture file. Polling
 * never blocks; {@link #awaitData} is how a caller waits without spinning.
 */
public interface PacketCapture extends AutoCloseable {
    /** Hands up to {@code max} records to the handler without blocking; returns how many. */
    int poll(CaptureHandler handler, int max);

    /** True once a bounded capture (a file) has delivered everything. Live capture never finishes by itself. */
    boolean isFinished();

    /** Waits up to the timeout for data; returns early when the kernel signals a full-enough ring. */
    void awaitData(int timeoutMillis);

    /** The kernel's counters (packets seen, records, drops, ...). */
    CounterSnapshot counters();

    @Override
    void close();
}
