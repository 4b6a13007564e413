package io.flowlens.sources.bpf;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.MemoryLayout.paddingLayout;
import static java.lang.foreign.MemoryLayout.sequenceLayout;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.StructLayout;

/**
 * Java mirrors of the records in bpf/src/main/c/flowlens.h, field by field with the C names.
 * RecordLayoutsTest compares every name, offset and size with the BTF of the compiled object.
 */
public final class RecordLayouts {
    private RecordLayouts() {}

    /** Largest payload prefix a record carries (FL_PAYLOAD_MAX). */
    public static final int PAYLOAD_MAX = 256;

    public static final int REC_PACKET = 1;
    public static final int REC_OOM = 2;

    /** struct fl_packet. */
    public static final StructLayout PACKET = structLayout(
            JAVA_SHORT.withName("type"),
            JAVA_SHORT.withName("caplen"),
            JAVA_INT.withName("ifindex"),
            JAVA_LONG.withName("ts_ns"),
            sequenceLayout(16, JAVA_BYTE).withName("saddr"),
            sequenceLayout(16, JAVA_BYTE).withName("daddr"),
            JAVA_SHORT.withName("sport"),
            JAVA_SHORT.withName("dport"),
            JAVA_INT.withName("seq"),
            JAVA_INT.withName("ack"),
            JAVA_INT.withName("ip_len"),
            JAVA_INT.withName("l4_payload_len"),
            JAVA_INT.withName("skb_len"),
            JAVA_SHORT.withName("window"),
            JAVA_SHORT.withName("gso_segs"),
            JAVA_SHORT.withName("gso_size"),
            JAVA_SHORT.withName("icmp_id"),
            JAVA_SHORT.withName("icmp_seq"),
            JAVA_SHORT.withName("vlan_id"),
            JAVA_BYTE.withName("direction"),
            JAVA_BYTE.withName("ip_version"),
            JAVA_BYTE.withName("l4_proto"),
            JAVA_BYTE.withName("tcp_flags"),
            JAVA_BYTE.withName("ttl"),
            JAVA_BYTE.withName("icmp_type"),
            JAVA_BYTE.withName("icmp_code"),
            JAVA_BYTE.withName("l7_class"),
            JAVA_BYTE.withName("flags"),
            JAVA_BYTE.withName("tcp_doff"),
            sequenceLayout(2, JAVA_BYTE).withName("_pad"));

    /** struct fl_oom. */
    public static final StructLayout OOM = structLayout(
            JAVA_SHORT.withName("type"),
            JAVA_SHORT.withName("_pad0"),
            JAVA_INT.withName("pid"),
            JAVA_LONG.withName("ts_ns"),
            JAVA_LONG.withName("total_vm_kb"),
            JAVA_LONG.withName("anon_rss_kb"),
            sequenceLayout(16, JAVA_BYTE).withName("comm"));

    /** struct fl_config: the program's .rodata, written before load. */
    public static final StructLayout CONFIG = structLayout(
            JAVA_LONG.withName("wakeup_bytes"),
            JAVA_INT.withName("payload_cap"),
            JAVA_BYTE.withName("oom_has_details"),
            paddingLayout(3).withName("_pad"));

    public static long offset(StructLayout layout, String field) {
        return layout.byteOffset(groupElement(field));
    }
}
