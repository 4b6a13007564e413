package io.flowlens.job.schema;

import static io.flowlens.job.schema.Column.Group.ADDED_CONTEXT;
import static io.flowlens.job.schema.Column.Group.ADDED_L7;
import static io.flowlens.job.schema.Column.Group.ADDED_NETWORK;
import static io.flowlens.job.schema.Column.Group.L7;
import static io.flowlens.job.schema.Column.Group.METADATA;
import static io.flowlens.job.schema.Column.Group.NETWORK;
import static io.flowlens.job.schema.Column.Group.SYSTEM;
import static io.flowlens.job.schema.ColumnType.DOUBLE;
import static io.flowlens.job.schema.ColumnType.INT;
import static io.flowlens.job.schema.ColumnType.LONG;
import static io.flowlens.job.schema.ColumnType.STRING;

import java.util.ArrayList;
import java.util.List;

/**
 * The flows dataset: one row per flow per window. The seed's columns come first, in the seed's order and with its
 * names; every column flowlens adds is appended after them. "Forward" is the flow's initiator (the SYN sender, else
 * the sender of the first packet seen); a "window" is the event-time window the row describes.
 */
public final class FlowSchema {
    private FlowSchema() {}

    public static final DatasetSchema FLOWS = new DatasetSchema("flows", columns(), "window_start_ms");

    private static List<Column> columns() {
        List<Column> c = new ArrayList<>();
        // Metadata (seed)
        c.add(new Column("timestamp", LONG, "s", "Start of the window, Unix epoch seconds (UTC).", METADATA));
        c.add(new Column("flow_id", STRING, "", "MD5 (hex) of the canonical 5-tuple \"proto|lo_ip|lo_port|hi_ip|hi_port\" with the "
                + "endpoints in ascending order: the same for both directions and across windows, nodes and runs.", METADATA));
        c.add(new Column("src_ip", STRING, "", "Initiator's IP address (IPv4 dotted, IPv6 RFC 5952).", METADATA));
        c.add(new Column("dst_ip", STRING, "", "Responder's IP address.", METADATA));
        c.add(new Column("src_port", INT, "", "Initiator's port; 0 for protocols without ports (ICMP uses 0 here).", METADATA));
        c.add(new Column("dst_port", INT, "", "Responder's port; 0 for protocols without ports.", METADATA));
        c.add(new Column("protocol", INT, "", "IP protocol number: 6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6, others as carried.", METADATA));
        c.add(new Column("l7_protocol", INT, "", "L7 protocol id: 0 none/unknown, 1 HTTP/1.x, 2 HTTP/2, 3 gRPC, 4 DNS, 5 Redis, "
                + "6 Kafka, 7 TLS, 8 ICMP.", METADATA));
        c.add(new Column("anomaly_label", INT, "", "Supervised label: --label N for the whole run, or the first matching rule of "
                + "--labels FILE; 0 when nothing matches.", METADATA));
        // Network features (seed)
        c.add(new Column("packet_count", LONG, "packets", "Wire packets in the window, both directions (a GSO/GRO super-packet "
                + "counts as its segments).", NETWORK));
        c.add(new Column("byte_count", LONG, "bytes", "Layer-2 frame bytes in the window, both directions (as a capture tool "
                + "counts them).", NETWORK));
        c.add(new Column("packets_per_second", DOUBLE, "packets/s", "packet_count divided by the flow's active span in the "
                + "window (first to last packet), floored at 1 ms so a one-packet window is never a division by zero.", NETWORK));
        c.add(new Column("bytes_per_second", DOUBLE, "bytes/s", "byte_count over the same span as packets_per_second.", NETWORK));
        c.add(new Column("avg_packet_size", DOUBLE, "bytes", "byte_count / packet_count.", NETWORK));
        c.add(new Column("retransmission_count", LONG, "packets", "TCP segments tshark would flag tcp.analysis.retransmission "
                + "(fast and spurious retransmissions included).", NETWORK));
        c.add(new Column("retransmission_rate", DOUBLE, "ratio", "retransmission_count / packet_count of TCP segments, 0..1.", NETWORK));
        c.add(new Column("consecutive_retrans", LONG, "packets", "Longest run of retransmissions without new data between them, "
                + "in this window (runs continue across windows).", NETWORK));
        c.add(new Column("out_of_order_count", LONG, "packets", "TCP segments tshark would flag tcp.analysis.out_of_order.", NETWORK));
        c.add(new Column("tcp_resets", LONG, "packets", "TCP segments with RST (same as rst_count; the seed has both).", NETWORK));
        c.add(new Column("zero_window_count", LONG, "packets", "TCP segments advertising a zero receive window "
                + "(tcp.analysis.zero_window).", NETWORK));
        c.add(new Column("zero_window_duration", DOUBLE, "s", "Time within the window during which a direction's advertised "
                + "window was zero; a stall spanning windows is split between them.", NETWORK));
        c.add(new Column("syn_count", LONG, "packets", "Segments with SYN and without ACK.", NETWORK));
        c.add(new Column("syn_ack_count", LONG, "packets", "Segments with SYN and ACK.", NETWORK));
        c.add(new Column("fin_count", LONG, "packets", "Segments with FIN.", NETWORK));
        c.add(new Column("rst_count", LONG, "packets", "Segments with RST.", NETWORK));
        c.add(new Column("psh_count", LONG, "packets", "Segments with PSH.", NETWORK));
        c.add(new Column("ack_count", LONG, "packets", "Segments with ACK.", NETWORK));
        c.add(new Column("urg_count", LONG, "packets", "Segments with URG.", NETWORK));
        c.add(new Column("ece_count", LONG, "packets", "Segments with ECE.", NETWORK));
        c.add(new Column("cwr_count", LONG, "packets", "Segments with CWR.", NETWORK));
        c.add(new Column("syn_to_synack_ratio", DOUBLE, "ratio", "syn_count / syn_ack_count; equals syn_count when no SYN-ACK "
                + "was seen (never infinite), 0 without SYNs.", NETWORK));
        c.add(new Column("half_open_connections", LONG, "connections", "1 when the flow's SYN has had no SYN-ACK by the end of "
                + "the window, else 0.", NETWORK));
        c.add(new Column("connection_state", STRING, "", "TCP state at the end of the window: NEW (handshake not complete), "
                + "ESTABLISHED, CLOSING (a FIN seen), CLOSED (FIN both ways), RESET; empty for other protocols.", NETWORK));
        c.add(new Column("min_packet_size", LONG, "bytes", "Smallest frame in the window.", NETWORK));
        c.add(new Column("max_packet_size", LONG, "bytes", "Largest frame in the window.", NETWORK));
        c.add(new Column("packet_size_variance", DOUBLE, "bytes²", "Population variance of frame sizes in the window; 0 for "
                + "one packet.", NETWORK));
        c.add(new Column("inter_arrival_time_mean", DOUBLE, "ms", "Mean gap between consecutive packets of the flow (both "
                + "directions) inside the window; 0 for one packet.", NETWORK));
        c.add(new Column("inter_arrival_time_std", DOUBLE, "ms", "Population standard deviation of those gaps.", NETWORK));
        c.add(new Column("flow_duration", DOUBLE, "s", "From the connection's first packet (which may be in an earlier window) "
                + "to its last packet in this window.", NETWORK));
        c.add(new Column("bidirectional_packets", LONG, "packets", "forward_packets + backward_packets (= packet_count).", NETWORK));
        c.add(new Column("bidirectional_bytes", LONG, "bytes", "forward_bytes + backward_bytes (= byte_count).", NETWORK));
        c.add(new Column("forward_packets", LONG, "packets", "Packets from the initiator in the window.", NETWORK));
        c.add(new Column("backward_packets", LONG, "packets", "Packets from the responder in the window.", NETWORK));
        c.add(new Column("forward_bytes", LONG, "bytes", "Frame bytes from the initiator.", NETWORK));
        c.add(new Column("backward_bytes", LONG, "bytes", "Frame bytes from the responder.", NETWORK));
        c.add(new Column("is_blocked_flow", INT, "", "1 when Hubble reported the flow DROPPED or denied by policy in the window, "
                + "else 0 (always 0 without Hubble).", NETWORK));
        c.add(new Column("error_rate", DOUBLE, "ratio", "(retransmissions + RST segments + ICMP errors) / packet_count, 0..1.", NETWORK));
        // Layer 7 (seed)
        c.add(new Column("http_status_code", INT, "", "Status of the last HTTP response completed in the window.", L7));
        c.add(new Column("http_method", STRING, "", "Method of the last HTTP request in the window.", L7));
        c.add(new Column("http_url", STRING, "", "Path of that request (query string redacted unless --keep-query).", L7));
        c.add(new Column("http_latency_ms", DOUBLE, "ms", "Mean request-to-response latency of HTTP transactions completed in "
                + "the window.", L7));
        c.add(new Column("grpc_status_code", INT, "", "grpc-status of the last gRPC call completed in the window.", L7));
        c.add(new Column("grpc_method", STRING, "", "/package.Service/Method of that call.", L7));
        c.add(new Column("dns_response_code", INT, "", "RCODE of the last DNS response in the window (0 NOERROR, 3 NXDOMAIN).", L7));
        c.add(new Column("dns_query_name", STRING, "", "QNAME of that query.", L7));
        c.add(new Column("dns_num_answers", INT, "", "ANCOUNT of that response.", L7));
        c.add(new Column("kafka_api_key", INT, "", "api_key of the last Kafka request in the window.", L7));
        c.add(new Column("kafka_error_code", INT, "", "Top-level error code of the last Kafka response, where it carries one.", L7));
        c.add(new Column("namespace", STRING, "", "Kubernetes namespace of the flow's pod endpoint (the initiator's pod, else "
                + "the responder's), from Hubble; empty without Hubble.", L7));
        c.add(new Column("pod_name", STRING, "", "Name of that pod.", L7));
        c.add(new Column("service_name", STRING, "", "Kubernetes service of the responder, where Hubble names one.", L7));
        c.add(new Column("l7_protocol_detected", STRING, "", "L7 protocol name (http, http2, grpc, dns, redis, kafka, tls, icmp); "
                + "empty when none was recognised.", L7));
        // System metrics (seed), per node and window
        c.add(new Column("cpu_usage_percent", DOUBLE, "%", "Node CPU busy share over the window, all CPUs, 0..100.", SYSTEM));
        c.add(new Column("memory_usage_percent", DOUBLE, "%", "(MemTotal - MemAvailable) / MemTotal at the window's end.", SYSTEM));
        c.add(new Column("memory_available_mb", DOUBLE, "MiB", "MemAvailable at the window's end.", SYSTEM));
        c.add(new Column("disk_read_bytes", LONG, "bytes", "Bytes read from whole disks in the window.", SYSTEM));
        c.add(new Column("disk_write_bytes", LONG, "bytes", "Bytes written to whole disks in the window.", SYSTEM));
        c.add(new Column("disk_read_count", LONG, "operations", "Reads completed in the window.", SYSTEM));
        c.add(new Column("disk_write_count", LONG, "operations", "Writes completed in the window.", SYSTEM));
        c.add(new Column("disk_read_time_ms", LONG, "ms", "Time spent reading in the window (diskstats).", SYSTEM));
        c.add(new Column("disk_write_time_ms", LONG, "ms", "Time spent writing in the window (diskstats).", SYSTEM));
        c.add(new Column("disk_avg_latency_us", DOUBLE, "µs", "(read + write time) / operations; 0 without operations.", SYSTEM));
        c.add(new Column("oom_kills", LONG, "kills", "OOM kills on the node in the window (kernel tracepoint oom/mark_victim).", SYSTEM));
        c.add(new Column("process_cpu_top3", STRING, "", "The three processes using most CPU in the window, \"comm:percent;...\".", SYSTEM));
        // Added: flow and TCP analysis
        c.add(new Column("window_start_ms", LONG, "ms", "Window start, Unix epoch milliseconds (picks the dt=/hour= partition).", ADDED_CONTEXT));
        c.add(new Column("window_end_ms", LONG, "ms", "Window end (exclusive), Unix epoch milliseconds.", ADDED_CONTEXT));
        c.add(new Column("node", STRING, "", "Host name of the node whose capture saw the flow.", ADDED_CONTEXT));
        c.add(new Column("interfaces", STRING, "", "Interfaces the flow was seen on in the window, comma-separated, sorted "
                + "(ifindexes in a pcap replay: \"pcap:N\").", ADDED_CONTEXT));
        c.add(new Column("ip_version", INT, "", "4 or 6.", ADDED_NETWORK));
        c.add(new Column("first_seen_ms", LONG, "ms", "First packet of the flow in this window, Unix epoch ms.", ADDED_NETWORK));
        c.add(new Column("last_seen_ms", LONG, "ms", "Last packet of the flow in this window, Unix epoch ms.", ADDED_NETWORK));
        c.add(new Column("connection_start_ms", LONG, "ms", "First packet of the connection (earlier windows included).", ADDED_NETWORK));
        c.add(new Column("spurious_retransmission_count", LONG, "packets", "Retransmissions of data the receiver had already "
                + "acknowledged (tcp.analysis.spurious_retransmission); included in retransmission_count.", ADDED_NETWORK));
        c.add(new Column("handshake_rtt_ms", DOUBLE, "ms", "The connection's SYN to the first ACK after it, as seen at the "
                + "capture point (tshark's tcp.analysis.initial_rtt); the same in every window of the connection, empty "
                + "when the handshake was not seen.", ADDED_NETWORK));
        c.add(new Column("rtt_mean_ms", DOUBLE, "ms", "Mean of RTT samples (a data segment to the ACK covering it, "
                + "retransmitted segments excluded) in the window; empty without samples.", ADDED_NETWORK));
        c.add(new Column("rtt_jitter_ms", DOUBLE, "ms", "Mean absolute difference of consecutive RTT samples (RFC 3550 style); "
                + "empty with fewer than two samples.", ADDED_NETWORK));
        c.add(new Column("loss_estimate", DOUBLE, "ratio", "Resent data segments / data segments, in the window, 0..1: "
                + "retransmissions (spurious ones excluded) plus out-of-order segments, each resend counted once.", ADDED_NETWORK));
        c.add(new Column("icmp_echo_rtt_ms", DOUBLE, "ms", "Mean echo request to reply time in the window (ICMP flows).", ADDED_NETWORK));
        c.add(new Column("icmp_unreachable_count", LONG, "packets", "ICMP/ICMPv6 destination-unreachable messages in the flow.", ADDED_NETWORK));
        c.add(new Column("icmp_time_exceeded_count", LONG, "packets", "ICMP/ICMPv6 time-exceeded messages in the flow.", ADDED_NETWORK));
        // Added: L7 aggregates (filled by the L7 parsers)
        c.add(new Column("l7_request_count", LONG, "requests", "L7 requests (all protocols) completed in the window.", ADDED_L7));
        c.add(new Column("l7_error_rate", DOUBLE, "ratio", "Share of those that failed (HTTP 5xx, gRPC status ≠ 0, DNS rcode ≠ 0, "
                + "Redis error reply, Kafka error ≠ 0).", ADDED_L7));
        c.add(new Column("l7_latency_mean_ms", DOUBLE, "ms", "Mean L7 latency in the window.", ADDED_L7));
        c.add(new Column("l7_latency_p95_ms", DOUBLE, "ms", "95th percentile of L7 latency in the window.", ADDED_L7));
        c.add(new Column("http_2xx_count", LONG, "responses", "HTTP responses 200..299 in the window.", ADDED_L7));
        c.add(new Column("http_4xx_count", LONG, "responses", "HTTP responses 400..499 in the window.", ADDED_L7));
        c.add(new Column("http_5xx_count", LONG, "responses", "HTTP responses 500..599 in the window.", ADDED_L7));
        c.add(new Column("tls_version", STRING, "", "TLS version offered in the ClientHello (e.g. TLS1.3).", ADDED_L7));
        c.add(new Column("tls_sni", STRING, "", "Server name (SNI) from the ClientHello.", ADDED_L7));
        // Added: Kubernetes and Hubble context (filled by the Hubble merge)
        c.add(new Column("workload", STRING, "", "Owning workload of the pod in namespace/pod_name, \"Kind/name\" "
                + "(\"Deployment/reviews-v1\"), from Hubble (Cilium 1.15 and later report workloads).", ADDED_CONTEXT));
        c.add(new Column("pod_labels", STRING, "", "That pod's own Kubernetes labels, \"k=v\" comma-separated, sorted (Cilium's "
                + "k8s: labels without the io.cilium.k8s.* and namespace ones it derives).", ADDED_CONTEXT));
        c.add(new Column("security_identity", LONG, "", "Cilium security identity of the initiator endpoint (1 host, 2 world, "
                + "larger numbers per label set).", ADDED_CONTEXT));
        c.add(new Column("verdict", STRING, "", "Hubble verdict (FORWARDED, DROPPED, ERROR, AUDIT, REDIRECTED, TRACED, "
                + "TRANSLATED) of the flow's last Hubble event in the window; empty when Hubble reported none.", ADDED_CONTEXT));
        c.add(new Column("drop_reason", STRING, "", "Hubble drop reason (POLICY_DENIED, INVALID_SOURCE_IP, ...) of the last "
                + "drop in the window; its number where flowlens does not know the name.", ADDED_CONTEXT));
        // Added: the responder's side of the Hubble context (appended after the columns above)
        c.add(new Column("dst_namespace", STRING, "", "Kubernetes namespace of the responder endpoint, from Hubble.", ADDED_CONTEXT));
        c.add(new Column("dst_pod_name", STRING, "", "Pod name of the responder endpoint, from Hubble.", ADDED_CONTEXT));
        c.add(new Column("dst_workload", STRING, "", "Workload of the responder pod, \"Kind/name\", from Hubble.", ADDED_CONTEXT));
        c.add(new Column("dst_security_identity", LONG, "", "Cilium security identity of the responder endpoint.", ADDED_CONTEXT));
        c.add(new Column("l7_source", STRING, "", "Who filled the L7 columns: flowlens (its own parsers), hubble (Cilium's "
                + "proxy records, only for protocols flowlens's parsers saw nothing of), flowlens+hubble, or empty.", ADDED_L7));
        return c;
    }
}
