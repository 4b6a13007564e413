package io.flowlens.job.hubble;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * Kafka API keys by the names Cilium's Kafka parser writes ("produce", "offsetcommit"): Kafka's own names in lower
 * case without underscores, except "offsets" for ListOffsets.
 */
final class KafkaApiNames {
    private static final Map<String, Integer> IDS = new HashMap<>();

    static {
        for (ApiKeys k : ApiKeys.values()) {
            IDS.put(k.name().replace("_", "").toLowerCase(Locale.ROOT), (int) k.id);
        }
        IDS.put("offsets", (int) ApiKeys.LIST_OFFSETS.id);
    }

    private KafkaApiNames() {}

    /** The API key of the name, or null when Kafka has no such API. */
    static Integer id(String name) {
        return name == null ? null : IDS.get(name.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT));
    }
}
