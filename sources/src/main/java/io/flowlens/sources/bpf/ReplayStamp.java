package io.flowlens.sources.bpf;

/** Writes capture-file facts into a record copied out of the ring (the ring itself is read-only). */
public final class ReplayStamp {
    private ReplayStamp() {}

    /**
     * @param view         a view over a writable copy of the record
     * @param epochNanos   the packet's capture time
     * @param frameLength  the frame's original length in the capture (what tshark calls frame.len)
     * @param interfaceId  the capture's interface id (pcapng), 0 for pcap
     */
    public static void stamp(PacketView view, long epochNanos, long frameLength, int interfaceId) {
        view.setTimestamp(epochNanos);
        view.setSkbLength(frameLength);
        view.setDirection(PacketView.DIR_UNKNOWN);
        view.setIfindex(interfaceId);
    }
}
