package io.flowlens.job.l7;

/**
 * One L7 exchange: a request and its response (or a message without one, e.g. a TLS ClientHello, or a request whose
 * response never came). A Flink POJO; fields a protocol does not have stay null. Times are epoch ns.
 */
public class Transaction {
    /** http, http2, grpc, dns, redis, kafka, tls, icmp. */
    public String protocol;
    /** 0 when the request was not seen (capture began after it, or it could not be told apart). */
    public long requestNanos;
    /** 0 when no response was seen. */
    public long responseNanos;
    /** Bytes of the request and response messages on the wire (headers and body), when known. */
    public Long requestBytes, responseBytes;

    /** HTTP method, gRPC "POST", Redis command name, Kafka API name, DNS "QUERY". */
    public String method;
    /**
     * HTTP path (query redacted unless asked), gRPC /package.Service/Method, DNS qname, Kafka topic, TLS SNI. A value
     * cut by the exported prefix ends in "…" rather than passing for the whole.
     */
    public String target;
    /** HTTP Host header (authority), when it was within the exported prefix. */
    public String host;
    /** HTTP status, gRPC status, DNS rcode, Kafka error code, Redis 0/1 (error reply). */
    public Integer status;
    /** gRPC grpc-message, Redis error text, HTTP reason phrase. */
    public String message;

    // protocol details
    public Integer dnsQtype, dnsAnswers;
    /** DNS answers' addresses and TTLs: "198.18.0.1/300;2001:2::1/60". */
    public String dnsAnswerData;
    public Integer dnsId;
    public Integer kafkaApiKey, kafkaApiVersion, kafkaCorrelationId;
    public String kafkaClientId;
    public Integer http2StreamId;
    public String tlsVersion;
    /**
     * true when the exported prefix ended before all the fields this protocol reports (DNS answers, a Kafka topic or
     * error code, a TLS SNI or supported_versions): those are null or incomplete, never guessed.
     */
    public Boolean partial;
    /** true for HTTP/1.1 keep-alive requests, and requests sent before the previous response (pipelining). */
    public Boolean keepAlive, pipelined;

    public Transaction() {}

    /** ns from request to response, or -1 without a response or without the request. */
    public long latencyNanos() {
        return responseNanos == 0 || requestNanos == 0 ? -1 : responseNanos - requestNanos;
    }

    /** Whether this exchange failed by its protocol's rules (HTTP ≥ 500, gRPC ≠ 0, DNS rcode ≠ 0, ...). */
    public boolean failed() {
        if (status == null) {
            return false;
        }
        return switch (protocol) {
            case "http", "http2" -> status >= 500;
            case "grpc", "dns", "kafka", "redis" -> status != 0;
            default -> false;
        };
    }
}
