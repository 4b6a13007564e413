package io.flowlens.job.features;

import io.flowlens.job.flow.FlowSlice;
import io.flowlens.job.schema.FlowSchema;
import io.flowlens.job.schema.RowBuilder;
import io.flowlens.job.tcp.ConnectionState;
import java.io.Serializable;
import org.apache.flink.types.Row;

/**
 * Computes a flow window's network features (the flows dataset's network, metadata and added flow columns) from its
 * merged slice. Rates use the flow's active span in the window, floored at 1 ms; nothing divides by zero.
 * L7, system and Kubernetes columns are left unknown here: later stages fill them.
 */
public final class FlowFeatures implements Serializable {
    private static final double NS_PER_MS = 1e6, NS_PER_S = 1e9;
    private static final long MIN_SPAN_NS = 1_000_000L;
    private transient RowBuilder rows;

    public Row toRow(FlowSlice s, long windowStartMs, long windowEndMs, int label) {
        if (rows == null) {
            rows = new RowBuilder(FlowSchema.FLOWS);
        }
        Row r = rows.newRow();
        long packets = s.packets(), bytes = s.bytes();
        int l7 = L7Protocols.fromKernelClasses(s.l7Classes, s.protocol);
        set(r, "timestamp", Math.floorDiv(windowStartMs, 1000L));
        set(r, "flow_id", s.flowId);
        set(r, "src_ip", s.srcIp);
        set(r, "dst_ip", s.dstIp);
        set(r, "src_port", s.srcPort);
        set(r, "dst_port", s.dstPort);
        set(r, "protocol", s.protocol);
        set(r, "l7_protocol", l7);
        set(r, "anomaly_label", label);

        double spanS = Math.max(MIN_SPAN_NS, s.lastNs - s.firstNs) / NS_PER_S;
        set(r, "packet_count", packets);
        set(r, "byte_count", bytes);
        set(r, "packets_per_second", packets / spanS);
        set(r, "bytes_per_second", bytes / spanS);
        double mean = packets == 0 ? 0 : (double) bytes / packets;
        set(r, "avg_packet_size", mean);
        boolean tcp = s.protocol == 6;
        set(r, "retransmission_count", s.retransmissions);
        set(r, "retransmission_rate", packets == 0 ? 0.0 : (double) s.retransmissions / packets);
        set(r, "consecutive_retrans", s.maxConsecutiveRetransmissions);
        set(r, "out_of_order_count", s.outOfOrder);
        set(r, "tcp_resets", s.rst);
        set(r, "zero_window_count", s.zeroWindow);
        set(r, "zero_window_duration", s.zeroWindowNs / NS_PER_S);
        set(r, "syn_count", s.syn);
        set(r, "syn_ack_count", s.synAck);
        set(r, "fin_count", s.fin);
        set(r, "rst_count", s.rst);
        set(r, "psh_count", s.psh);
        set(r, "ack_count", s.ack);
        set(r, "urg_count", s.urg);
        set(r, "ece_count", s.ece);
        set(r, "cwr_count", s.cwr);
        set(r, "syn_to_synack_ratio", (double) s.syn / Math.max(1, s.synAck));
        set(r, "half_open_connections", s.halfOpen ? 1L : 0L);
        set(r, "connection_state", tcp && s.connectionState >= 0 ? ConnectionState.values()[s.connectionState].name() : null);
        set(r, "min_packet_size", packets == 0 ? 0L : s.minSize);
        set(r, "max_packet_size", s.maxSize);
        set(r, "packet_size_variance", packets == 0 ? 0.0 : Math.max(0, s.sumSizeSquares / packets - mean * mean));
        double gapMean = s.gapCount == 0 ? 0 : s.gapSumNs / s.gapCount;
        set(r, "inter_arrival_time_mean", gapMean / NS_PER_MS);
        double gapVar = s.gapCount == 0 ? 0 : Math.max(0, s.gapSumSquaresNs / s.gapCount - gapMean * gapMean);
        set(r, "inter_arrival_time_std", Math.sqrt(gapVar) / NS_PER_MS);
        set(r, "flow_duration", Math.max(0, s.lastNs - s.connectionStartNs) / NS_PER_S);
        set(r, "bidirectional_packets", packets);
        set(r, "bidirectional_bytes", bytes);
        set(r, "forward_packets", s.fwdPackets);
        set(r, "backward_packets", s.bwdPackets);
        set(r, "forward_bytes", s.fwdBytes);
        set(r, "backward_bytes", s.bwdBytes);
        set(r, "is_blocked_flow", 0);
        long errors = s.retransmissions + s.rst + s.icmpUnreachable + s.icmpTimeExceeded;
        set(r, "error_rate", packets == 0 ? 0.0 : Math.min(1.0, (double) errors / packets));
        set(r, "l7_protocol_detected", L7Protocols.name(l7).isEmpty() ? null : L7Protocols.name(l7));

        set(r, "window_start_ms", windowStartMs);
        set(r, "window_end_ms", windowEndMs);
        set(r, "node", s.node);
        set(r, "interfaces", s.interfaces);
        set(r, "ip_version", s.ipVersion);
        set(r, "first_seen_ms", Math.floorDiv(s.firstNs, 1_000_000L));
        set(r, "last_seen_ms", Math.floorDiv(s.lastNs, 1_000_000L));
        set(r, "connection_start_ms", Math.floorDiv(s.connectionStartNs, 1_000_000L));
        set(r, "spurious_retransmission_count", s.spuriousRetransmissions);
        set(r, "handshake_rtt_ms", s.handshakeRttNs >= 0 ? s.handshakeRttNs / NS_PER_MS : null);
        set(r, "rtt_mean_ms", s.rttSamples > 0 ? s.rttSumNs / s.rttSamples / NS_PER_MS : null);
        set(r, "rtt_jitter_ms", s.rttJitterSamples > 0 ? s.rttJitterSumNs / s.rttJitterSamples / NS_PER_MS : null);
        set(r, "loss_estimate", tcp ? (s.dataSegments == 0 ? 0.0 : Math.min(1.0, (double) s.retransmittedDataSegments / s.dataSegments)) : null);
        set(r, "icmp_echo_rtt_ms", s.echoRttSamples > 0 ? s.echoRttSumNs / s.echoRttSamples / NS_PER_MS : null);
        set(r, "icmp_unreachable_count", s.icmpUnreachable);
        set(r, "icmp_time_exceeded_count", s.icmpTimeExceeded);
        return r;
    }

    private void set(Row r, String column, Object value) {
        rows.set(r, column, value);
    }
}
