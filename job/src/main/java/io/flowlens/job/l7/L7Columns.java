package io.flowlens.job.l7;

import io.flowlens.job.features.L7Protocols;
import io.flowlens.job.schema.FlowSchema;
import io.flowlens.job.schema.RowBuilder;
import java.io.Serializable;
import org.apache.flink.types.Row;

/** Fills a flow row's L7 columns from the {@link L7Summary} of the flow's transactions in the same window. */
public final class L7Columns implements Serializable {
    private transient RowBuilder rows;

    public void fill(Row r, L7Summary s) {
        if (rows == null) {
            rows = new RowBuilder(FlowSchema.FLOWS);
        }
        rows.set(r, "l7_source", "flowlens");
        rows.set(r, "http_status_code", s.httpStatus);
        rows.set(r, "http_method", s.httpMethod);
        rows.set(r, "http_url", s.httpUrl);
        rows.set(r, "http_latency_ms", s.httpLatencyCount == 0 ? null : s.httpLatencySumMs / s.httpLatencyCount);
        rows.set(r, "grpc_status_code", s.grpcStatus);
        rows.set(r, "grpc_method", s.grpcMethod);
        rows.set(r, "dns_response_code", s.dnsRcode);
        rows.set(r, "dns_query_name", s.dnsQueryName);
        rows.set(r, "dns_num_answers", s.dnsAnswers);
        rows.set(r, "kafka_api_key", s.kafkaApiKey);
        rows.set(r, "kafka_error_code", s.kafkaErrorCode);
        rows.set(r, "l7_request_count", s.requests);
        rows.set(r, "l7_error_rate", s.requests == 0 ? null : (double) s.failures / s.requests);
        rows.set(r, "l7_latency_mean_ms", s.latencyCount == 0 ? null : s.latencySumMs / s.latencyCount);
        rows.set(r, "l7_latency_p95_ms", s.latencyP95Ms());
        rows.set(r, "http_2xx_count", s.http2xx);
        rows.set(r, "http_4xx_count", s.http4xx);
        rows.set(r, "http_5xx_count", s.http5xx);
        rows.set(r, "tls_version", s.tlsVersion);
        rows.set(r, "tls_sni", s.tlsSni);
        if (s.protocol != null) {
            // what the parsers confirmed outranks the kernel's signature guess (gRPC is HTTP/2 to the kernel)
            int id = L7Protocols.byName(s.protocol);
            if (id != L7Protocols.NONE) {
                rows.set(r, "l7_protocol", id);
                rows.set(r, "l7_protocol_detected", s.protocol);
            }
        }
    }
}
