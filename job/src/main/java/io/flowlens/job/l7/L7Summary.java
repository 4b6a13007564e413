package io.flowlens.job.l7;

import java.util.Arrays;

/**
 * A flow's L7 exchanges completed in one window, reduced to the flows dataset's L7 columns: the last value of each
 * field, counts by outcome, mean and p95 latency (from up to {@link #LATENCY_SAMPLES} latencies). A Flink POJO.
 */
public class L7Summary {
    static final int LATENCY_SAMPLES = 256;

    public String protocol;
    public long requests, failures, http2xx, http4xx, http5xx;
    public long httpLatencyCount, latencyCount;
    public double httpLatencySumMs, latencySumMs;
    public double[] latenciesMs = new double[0];
    public String httpMethod, httpUrl, grpcMethod, dnsQueryName, tlsVersion, tlsSni;
    public Integer httpStatus, grpcStatus, dnsRcode, dnsAnswers, kafkaApiKey, kafkaErrorCode;
    /** Request time of the last exchange kept in the "last value" fields. */
    public long lastRequestMs = Long.MIN_VALUE;

    public L7Summary() {}

    /** p95 of the kept latencies (nearest rank), or null without any. */
    public Double latencyP95Ms() {
        if (latenciesMs.length == 0) {
            return null;
        }
        double[] sorted = latenciesMs.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.ceil(0.95 * sorted.length) - 1];
    }
}
