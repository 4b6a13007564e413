package io.flowlens.job.l7.kafka;

import io.flowlens.job.l7.PrefixReader;

/**
 * The first error code of a response body, in wire order (field order from kafka-clients'
 * {@code common/message/*Response.json}): the top-level one where the API has it before any array, else the first
 * topic's or partition's (Produce, Metadata before v13's trailing top-level code, Fetch before v7, FindCoordinator
 * v4+). That is also the first {@code kafka.error} tshark shows. Null for other APIs and when it lies beyond the prefix.
 */
final class KafkaResponseError {
    private KafkaResponseError() {}

    static Integer read(PrefixReader r, int apiKey, int v, boolean flexible) {
        switch (apiKey) {
            case 0 -> { // Produce: responses[name | topic_id, partitions[index, error_code]]
                if (!firstElement(r, flexible)) {
                    return null;
                }
                if (v >= 13) {
                    KafkaWire.skipUuid(r);
                } else {
                    KafkaWire.skipString(r, flexible);
                }
                if (!firstElement(r, flexible)) {
                    return null;
                }
                r.skip(4);
            }
            case 1 -> { // Fetch: [throttle_time_ms v1+], error_code v7+, else responses[topic, partitions[index, error]]
                r.skip(v >= 1 ? 4 : 0);
                if (v < 7) {
                    if (!firstElement(r, flexible)) {
                        return null;
                    }
                    KafkaWire.skipString(r, flexible);
                    if (!firstElement(r, flexible)) {
                        return null;
                    }
                    r.skip(4);
                }
            }
            case 3 -> { // Metadata: [throttle v3+], brokers[node_id, host, port, rack v1+], cluster_id v2+, controller v1+
                r.skip(v >= 3 ? 4 : 0);
                int brokers = KafkaWire.arrayLength(r, flexible);
                for (int i = 0; i < brokers && r.ok(); i++) {
                    r.skip(4);
                    KafkaWire.skipString(r, flexible);
                    r.skip(4);
                    if (v >= 1) {
                        KafkaWire.skipString(r, flexible);
                    }
                    if (flexible) {
                        KafkaWire.skipTaggedFields(r);
                    }
                }
                if (v >= 2) {
                    KafkaWire.skipString(r, flexible);
                }
                r.skip(v >= 1 ? 4 : 0);
                if (!firstElement(r, flexible)) { // topics[error_code, ...]
                    return null;
                }
            }
            case 10 -> { // FindCoordinator: [throttle v1+], error_code v0-3; v4+: coordinators[key, node, host, port, error]
                r.skip(v >= 1 ? 4 : 0);
                if (v >= 4) {
                    if (!firstElement(r, flexible)) {
                        return null;
                    }
                    KafkaWire.skipString(r, flexible);
                    r.skip(4);
                    KafkaWire.skipString(r, flexible);
                    r.skip(4);
                }
            }
            case 11 -> r.skip(v >= 2 ? 4 : 0); // JoinGroup: [throttle_time_ms v2+], error_code
            case 12, 13, 14 -> r.skip(v >= 1 ? 4 : 0); // Heartbeat, LeaveGroup, SyncGroup: [throttle v1+], error_code
            case 22 -> r.skip(4); // InitProducerId: throttle_time_ms, error_code
            case 17, 18, 36 -> { // SaslHandshake, ApiVersions, SaslAuthenticate: error_code first
            }
            default -> {
                return null;
            }
        }
        int error = (short) r.u16();
        return r.ok() ? error : null;
    }

    /** Reads an array length; true when it has a first element to read. */
    private static boolean firstElement(PrefixReader r, boolean flexible) {
        int n = KafkaWire.arrayLength(r, flexible);
        return r.ok() && n > 0;
    }
}
