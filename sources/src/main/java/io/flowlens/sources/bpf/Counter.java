package io.flowlens.sources.bpf;

/** The kernel's per-CPU counters (enum fl_counter in flowlens.h), in index order. */
public enum Counter {
    /** Packets the TC program saw. */
    PACKETS,
    /** Records written to the ring buffer (packets and OOM kills). */
    RECORDS,
    /** Records lost because the ring buffer was full: never silent. */
    RINGBUF_DROPS,
    /** Payload bytes exported for L7 parsing. */
    PAYLOAD_BYTES,
    /** Frames that were not IPv4/IPv6 (ARP, LLDP, ...): no record by design. */
    NOT_IP,
    /** IP packets whose headers failed validation: no record. */
    MALFORMED,
    /** Processes chosen by the OOM killer. */
    OOM_KILLS;

    /** Number of slots in the kernel's counters value (FL_CNT_MAX). */
    static final int SLOTS = 8;
}
