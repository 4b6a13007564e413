package io.flowlens.job.l7;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/** One flow's L7 sessions (usually one; an h2c upgrade or a TLS flow with a ClientHello adds a second). */
final class FlowSessions {
    final SegmentEvent identity;
    long lastSeenMs;
    /** Event time of this flow's pending idle timer; 0 when none is registered. */
    long timerMs;
    private final Map<String, L7Session> byFamily = new HashMap<>(2);

    FlowSessions(SegmentEvent identity) {
        this.identity = identity;
    }

    /** Feeds a message start to its family's session (created on first use); unknown classes are skipped. */
    void accept(SegmentEvent e, boolean keepQuery, Consumer<Transaction> out) {
        String family = L7Sessions.family(e.kernelClass);
        if (family == null) {
            return;
        }
        if (family.equals("kafka") && byFamily.containsKey("http2")) {
            // the kernel's Kafka signature also matches some HTTP/2 frames (DATA, SETTINGS) of connections whose
            // preface it did not see
            family = "http2";
        }
        byFamily.computeIfAbsent(family, f -> L7Sessions.create(f, e, keepQuery)).onSegment(e.segment(), out);
    }

    void close(Consumer<Transaction> out) {
        byFamily.values().forEach(s -> s.close(out));
        byFamily.clear();
    }
}
