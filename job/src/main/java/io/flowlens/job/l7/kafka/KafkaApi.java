package io.flowlens.job.l7.kafka;

import org.apache.kafka.common.protocol.ApiKeys;

/** What kafka-clients knows about an api key: its name and which header versions its versions use. */
final class KafkaApi {
    private KafkaApi() {}

    /** ApiKeys' name ("Produce", "Metadata", ...), or null for a key this kafka-clients does not know. */
    static String name(int apiKey) {
        return ApiKeys.hasId(apiKey) ? ApiKeys.forId(apiKey).name : null;
    }

    /**
     * Whether this version's bodies use the flexible encoding (KIP-482), which is when its request header is v2.
     * Versions older than the library supports still have generated header versions (tested), newer ones do not:
     * those are unknown (-1), and their bodies are not read.
     */
    static int flexible(int apiKey, int version) {
        if (!ApiKeys.hasId(apiKey) || version > ApiKeys.forId(apiKey).latestVersion(true)) {
            return -1;
        }
        try {
            return ApiKeys.forId(apiKey).requestHeaderVersion((short) version) >= 2 ? 1 : 0;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Response header version (0: correlation id only; 1: plus tagged fields), or -1 when unknown. */
    static int responseHeaderVersion(int apiKey, int version) {
        if (!ApiKeys.hasId(apiKey) || version > ApiKeys.forId(apiKey).latestVersion(true)) {
            return -1;
        }
        try {
            return ApiKeys.forId(apiKey).responseHeaderVersion((short) version);
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
