package io.flowlens.job.l7;

import io.flowlens.job.schema.TransactionSchema;
import java.util.Arrays;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.types.Row;

/** Folds a flow's transaction rows of one window into its {@link L7Summary}. */
public final class L7SummaryAggregate implements AggregateFunction<Row, L7Summary, L7Summary> {
    @Override
    public L7Summary createAccumulator() {
        return new L7Summary();
    }

    @Override
    public L7Summary add(Row r, L7Summary s) {
        String protocol = get(r, "l7_protocol");
        Integer status = get(r, "status");
        Double latency = get(r, "latency_ms");
        long requestMs = get(r, "timestamp_ms");
        s.requests++;
        s.failures += ((Integer) get(r, "failed")) == 1 ? 1 : 0;
        if (latency != null) {
            s.latencyCount++;
            s.latencySumMs += latency;
            if (s.latenciesMs.length < L7Summary.LATENCY_SAMPLES) {
                s.latenciesMs = Arrays.copyOf(s.latenciesMs, s.latenciesMs.length + 1);
                s.latenciesMs[s.latenciesMs.length - 1] = latency;
            }
        }
        if ((protocol.equals("http") || protocol.equals("http2")) && status != null) {
            s.http2xx += status >= 200 && status < 300 ? 1 : 0;
            s.http4xx += status >= 400 && status < 500 ? 1 : 0;
            s.http5xx += status >= 500 && status < 600 ? 1 : 0;
            if (latency != null) {
                s.httpLatencyCount++;
                s.httpLatencySumMs += latency;
            }
        }
        boolean latest = requestMs >= s.lastRequestMs;
        if (latest) {
            s.lastRequestMs = requestMs;
            s.protocol = protocol;
        }
        String method = get(r, "method"), target = get(r, "target");
        switch (protocol) {
            case "http", "http2" -> {
                if (latest || s.httpMethod == null) {
                    s.httpMethod = method;
                    s.httpUrl = target;
                    s.httpStatus = status;
                }
            }
            case "grpc" -> {
                if (latest || s.grpcMethod == null) {
                    s.grpcMethod = target;
                    s.grpcStatus = status;
                }
            }
            case "dns" -> {
                if (latest || s.dnsQueryName == null) {
                    s.dnsQueryName = target;
                    s.dnsRcode = status;
                    s.dnsAnswers = get(r, "dns_answers");
                }
            }
            case "kafka" -> {
                if (latest || s.kafkaApiKey == null) {
                    s.kafkaApiKey = get(r, "kafka_api_key");
                    s.kafkaErrorCode = status;
                }
            }
            case "tls" -> {
                s.tlsVersion = get(r, "tls_version");
                s.tlsSni = target;
            }
            default -> { }
        }
        return s;
    }

    @Override
    public L7Summary getResult(L7Summary s) {
        return s;
    }

    @Override
    public L7Summary merge(L7Summary a, L7Summary b) {
        throw new UnsupportedOperationException("tumbling windows never merge");
    }

    @SuppressWarnings("unchecked")
    private static <T> T get(Row r, String column) {
        return (T) r.getField(TransactionSchema.TRANSACTIONS.index(column));
    }
}
