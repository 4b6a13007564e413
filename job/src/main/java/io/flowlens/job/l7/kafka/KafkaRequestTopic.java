package io.flowlens.job.l7.kafka;

import io.flowlens.job.l7.PrefixReader;

/**
 * The first topic name of a Produce, Fetch or Metadata request body (field order from the request schemas in
 * kafka-clients' {@code common/message/*Request.json}). Null when the body names no topic (Metadata for all topics,
 * topic ids from Produce v13 / Fetch v13 on) or when the name lies beyond the prefix.
 */
final class KafkaRequestTopic {
    private KafkaRequestTopic() {}

    static final int PRODUCE = 0, FETCH = 1, METADATA = 3;

    static boolean reportsTopic(int apiKey) {
        return apiKey == PRODUCE || apiKey == FETCH || apiKey == METADATA;
    }

    static String read(PrefixReader r, int apiKey, int version, boolean flexible) {
        switch (apiKey) {
            case PRODUCE -> {
                if (version >= 13) {
                    return null;
                }
                if (version >= 3) {
                    KafkaWire.skipString(r, flexible); // transactional_id
                }
                r.skip(2 + 4); // acks, timeout_ms
            }
            case FETCH -> {
                if (version >= 13) {
                    return null;
                }
                r.skip((version < 15 ? 4 : 0) + 4 + 4 + (version >= 3 ? 4 : 0) + (version >= 4 ? 1 : 0)
                        + (version >= 7 ? 8 : 0)); // replica_id, max_wait_ms, min_bytes, max_bytes, isolation, session
            }
            case METADATA -> {
            }
            default -> {
                return null;
            }
        }
        int topics = KafkaWire.arrayLength(r, flexible);
        if (!r.ok() || topics <= 0) {
            return null;
        }
        if (apiKey == METADATA && version >= 10) {
            KafkaWire.skipUuid(r);
        }
        return KafkaWire.string(r, flexible);
    }
}
