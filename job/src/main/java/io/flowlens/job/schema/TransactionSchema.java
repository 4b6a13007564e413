package io.flowlens.job.schema;

import static io.flowlens.job.schema.Column.Group.ADDED_L7;
import static io.flowlens.job.schema.Column.Group.METADATA;
import static io.flowlens.job.schema.ColumnType.DOUBLE;
import static io.flowlens.job.schema.ColumnType.INT;
import static io.flowlens.job.schema.ColumnType.LONG;
import static io.flowlens.job.schema.ColumnType.STRING;

import java.util.ArrayList;
import java.util.List;

/**
 * The transactions dataset: one row per L7 request/response (or lone message), the pod-level request/response
 * timeline. The flow columns match the flows dataset's, so the two join on flow_id and time.
 */
public final class TransactionSchema {
    private TransactionSchema() {}

    public static final DatasetSchema TRANSACTIONS = new DatasetSchema("transactions", columns(), "timestamp_ms");

    private static List<Column> columns() {
        List<Column> c = new ArrayList<>();
        c.add(new Column("timestamp", LONG, "s", "Request time, Unix epoch seconds.", METADATA));
        c.add(new Column("timestamp_ms", LONG, "ms", "Request time, Unix epoch ms (picks the dt=/hour= partition).", METADATA));
        c.add(new Column("flow_id", STRING, "", "The flow, as in the flows dataset.", METADATA));
        c.add(new Column("node", STRING, "", "Node whose capture saw it.", METADATA));
        c.add(new Column("src_ip", STRING, "", "Client (the flow's initiator) address.", METADATA));
        c.add(new Column("dst_ip", STRING, "", "Server address.", METADATA));
        c.add(new Column("src_port", INT, "", "Client port (0 for ICMP).", METADATA));
        c.add(new Column("dst_port", INT, "", "Server port (0 for ICMP).", METADATA));
        c.add(new Column("protocol", INT, "", "IP protocol number.", METADATA));
        c.add(new Column("l7_protocol", STRING, "", "http, http2, grpc, dns, redis, kafka, tls or icmp.", METADATA));
        c.add(new Column("anomaly_label", INT, "", "Label, by the same rules as the flows dataset.", METADATA));
        c.add(new Column("method", STRING, "", "HTTP method, Redis command, Kafka API name, DNS QUERY, TLS CLIENT_HELLO, "
                + "ICMP ECHO/UNREACHABLE/TIME_EXCEEDED.", ADDED_L7));
        c.add(new Column("target", STRING, "", "HTTP path (query redacted unless --keep-query), gRPC /package.Service/Method, "
                + "DNS query name, Kafka topic, TLS SNI. A value cut by the capture's payload cap ends in \"…\".", ADDED_L7));
        c.add(new Column("host", STRING, "", "HTTP Host header or HTTP/2 :authority.", ADDED_L7));
        c.add(new Column("status", INT, "", "HTTP status, gRPC status, DNS rcode, Kafka error code, Redis 1 for an error "
                + "reply else 0, ICMP type of an error; empty without a response.", ADDED_L7));
        c.add(new Column("message", STRING, "", "gRPC grpc-message, Redis error text, HTTP reason phrase.", ADDED_L7));
        c.add(new Column("latency_ms", DOUBLE, "ms", "Request to response start, at the capture point; empty without a "
                + "response.", ADDED_L7));
        c.add(new Column("response_ms", LONG, "ms", "Response time, Unix epoch ms; empty without a response.", ADDED_L7));
        c.add(new Column("request_bytes", LONG, "bytes", "Request message size, where its headers say it.", ADDED_L7));
        c.add(new Column("response_bytes", LONG, "bytes", "Response message size, where its headers say it.", ADDED_L7));
        c.add(new Column("failed", INT, "", "1 when the exchange failed by its protocol's rules (HTTP 5xx, gRPC ≠ 0, DNS "
                + "rcode ≠ 0, Kafka error ≠ 0, Redis error), else 0.", ADDED_L7));
        c.add(new Column("dns_id", INT, "", "DNS transaction id.", ADDED_L7));
        c.add(new Column("dns_qtype", INT, "", "DNS query type (1 A, 28 AAAA, ...).", ADDED_L7));
        c.add(new Column("dns_answers", INT, "", "DNS answer count (ANCOUNT).", ADDED_L7));
        c.add(new Column("dns_answer_data", STRING, "", "A/AAAA answers with TTLs, \"address/ttl;...\".", ADDED_L7));
        c.add(new Column("kafka_api_key", INT, "", "Kafka API key.", ADDED_L7));
        c.add(new Column("kafka_api_version", INT, "", "Kafka API version.", ADDED_L7));
        c.add(new Column("kafka_correlation_id", INT, "", "Kafka correlation id.", ADDED_L7));
        c.add(new Column("kafka_client_id", STRING, "", "Kafka client id.", ADDED_L7));
        c.add(new Column("http2_stream_id", INT, "", "HTTP/2 stream id (HTTP/2 and gRPC).", ADDED_L7));
        c.add(new Column("tls_version", STRING, "", "TLS version offered in a ClientHello.", ADDED_L7));
        c.add(new Column("keep_alive", INT, "", "HTTP/1.x: 1 when the connection stays open after this exchange.", ADDED_L7));
        c.add(new Column("pipelined", INT, "", "HTTP/1.x and Redis: 1 when sent before the previous response arrived.", ADDED_L7));
        c.add(new Column("partial", INT, "", "1 when the capture's payload cap cut fields this exchange reports (they are "
                + "empty or incomplete, never guessed), else 0.", ADDED_L7));
        return c;
    }
}
