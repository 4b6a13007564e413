package io.flowlens.job.l7.kafka;

import io.flowlens.job.l7.PrefixReader;

/**
 * Kafka's primitive types (KIP-482: compact, "flexible" versions use varint lengths plus tagged fields) read from a
 * prefix. Bodies are read by hand: kafka-clients' generated {@code *Data} readers need the whole message and throw on
 * a cut one, and a capped prefix holds only the first fields of a body.
 */
final class KafkaWire {
    private KafkaWire() {}

    /** Array length, -1 for null (classic int32; compact: varint N+1). */
    static int arrayLength(PrefixReader r, boolean flexible) {
        return flexible ? r.uvarint() - 1 : r.s32();
    }

    /** A (nullable) string, or null when absent, null or cut; {@code r.ok()} tells the last apart. */
    static String string(PrefixReader r, boolean flexible) {
        int n = flexible ? r.uvarint() - 1 : (short) r.u16();
        return n < 0 ? null : r.utf8(n);
    }

    static void skipString(PrefixReader r, boolean flexible) {
        int n = flexible ? r.uvarint() - 1 : (short) r.u16();
        if (n > 0) {
            r.skip(n);
        }
    }

    /** Skips a tagged-field section (flexible versions only). */
    static void skipTaggedFields(PrefixReader r) {
        int count = r.uvarint();
        for (int i = 0; i < count && r.ok(); i++) {
            r.uvarint(); // tag
            r.skip(r.uvarint());
        }
    }

    static void skipUuid(PrefixReader r) {
        r.skip(16);
    }
}
