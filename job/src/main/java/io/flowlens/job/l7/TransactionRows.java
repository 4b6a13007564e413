package io.flowlens.job.l7;

import io.flowlens.job.schema.RowBuilder;
import io.flowlens.job.schema.TransactionSchema;
import org.apache.flink.types.Row;

/** A transaction as a row of the transactions dataset. */
final class TransactionRows {
    private final RowBuilder rows = new RowBuilder(TransactionSchema.TRANSACTIONS);

    Row toRow(SegmentEvent flow, Transaction t, int label) {
        Row r = rows.newRow();
        long requestMs = Math.floorDiv(t.requestNanos, 1_000_000L);
        set(r, "timestamp", Math.floorDiv(requestMs, 1000L));
        set(r, "timestamp_ms", requestMs);
        set(r, "flow_id", flow.flowId);
        set(r, "node", flow.node);
        set(r, "src_ip", flow.srcIp);
        set(r, "dst_ip", flow.dstIp);
        set(r, "src_port", flow.srcPort);
        set(r, "dst_port", flow.dstPort);
        set(r, "protocol", flow.ipProtocol);
        set(r, "l7_protocol", t.protocol);
        set(r, "anomaly_label", label);
        set(r, "method", t.method);
        set(r, "target", t.target);
        set(r, "host", t.host);
        set(r, "status", t.status);
        set(r, "message", t.message);
        set(r, "latency_ms", t.latencyNanos() >= 0 ? t.latencyNanos() / 1e6 : null);
        set(r, "response_ms", t.responseNanos == 0 ? null : Math.floorDiv(t.responseNanos, 1_000_000L));
        set(r, "request_bytes", t.requestBytes);
        set(r, "response_bytes", t.responseBytes);
        set(r, "failed", t.failed() ? 1 : 0);
        set(r, "dns_id", t.dnsId);
        set(r, "dns_qtype", t.dnsQtype);
        set(r, "dns_answers", t.dnsAnswers);
        set(r, "dns_answer_data", t.dnsAnswerData);
        set(r, "kafka_api_key", t.kafkaApiKey);
        set(r, "kafka_api_version", t.kafkaApiVersion);
        set(r, "kafka_correlation_id", t.kafkaCorrelationId);
        set(r, "kafka_client_id", t.kafkaClientId);
        set(r, "http2_stream_id", t.http2StreamId);
        set(r, "tls_version", t.tlsVersion);
        set(r, "keep_alive", t.keepAlive == null ? null : t.keepAlive ? 1 : 0);
        set(r, "pipelined", t.pipelined == null ? null : t.pipelined ? 1 : 0);
        set(r, "partial", Boolean.TRUE.equals(t.partial) ? 1 : 0);
        return r;
    }

    private void set(Row r, String column, Object value) {
        rows.set(r, column, value);
    }
}
