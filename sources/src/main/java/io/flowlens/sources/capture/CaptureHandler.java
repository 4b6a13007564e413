package io.flowlens.sources.capture;

import io.flowlens.sources.bpf.PacketView;

/** Receives what a capture produces. Called on the polling thread; views are valid only during the call. */
public interface CaptureHandler {
    /**
     * One packet record.
     *
     * @param packet      the record where the kernel (or replay) wrote it
     * @param epochNanos  when the packet was seen, ns since the Unix epoch
     */
    void onPacket(PacketView packet, long epochNanos);

    /** A packet that {@link #onPacket} gets soon (see {@link io.flowlens.sources.bpf.RingBuffer#drain}). */
    default void prefetch(PacketView packet) {}

    /** A process chosen by the kernel's OOM killer. Rare, so it may allocate. */
    default void onOomKill(OomKill kill) {}
}
