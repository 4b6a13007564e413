package io.flowlens.sources.packet;

import io.flowlens.sources.bpf.PacketView;
import io.flowlens.sources.capture.OomKill;
import org.apache.flink.api.connector.source.ReaderOutput;

/**
 * Turns packet records into stream records inside the source reader, where packets are still cheap
 * (the per-flow pre-aggregation of the feature job lives behind this). One instance per reader,
 * used by the task's mailbox thread only.
 *
 * @param <T> what the source emits
 */
public interface PacketEmitter<T> {
    /** One packet; the view is valid only during the call. Emit with {@code output.collect(record, timestampMillis)}. */
    void onPacket(PacketView packet, long epochNanos, ReaderOutput<T> output);

    /**
     * A packet that {@link #onPacket} will be given soon: the reader announces a group of records before handing
     * them over, so that an emitter can start loading their state (cache misses of several packets overlap).
     */
    default void prefetch(PacketView packet) {}

    /** An OOM kill on this node. */
    default void onOomKill(OomKill kill, ReaderOutput<T> output) {}

    /**
     * Live capture found nothing to read: time still passes (windows end without packets). {@code epochNanos} is
     * the wall clock, on the same scale as packet times.
     */
    default void onIdle(long epochNanos, ReaderOutput<T> output) {}

    /** Called when a split ends (file done, duration over): emit whatever is held back. */
    default void flush(ReaderOutput<T> output) {}

    /** State held back (not yet emitted) for a checkpoint; restored with {@link #restore}. */
    default byte[] snapshot() {
        return new byte[0];
    }

    default void restore(byte[] state) {}
}
