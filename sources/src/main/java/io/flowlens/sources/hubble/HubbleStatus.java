package io.flowlens.sources.hubble;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a Hubble reader has seen, for its logs and Flink metrics: connected, flows, flows/s, lag, lost events (the
 * stream's lost_events messages), malformed input and reconnects. Written by the fetch thread, read by any.
 */
public final class HubbleStatus {
    private static final Logger LOG = LoggerFactory.getLogger(HubbleStatus.class);

    private final String name;
    private volatile boolean connected;
    private volatile long lastFlowNanos;
    private volatile String lastMalformed;
    private final AtomicLong flows = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong unmatched = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    // touched only by whoever calls logIfDue (the fetch thread)
    private long lastLogMillis = System.currentTimeMillis();
    private long flowsAtLastLog;

    /** @param name what the reader reads (address or file), for log lines */
    public HubbleStatus(String name) {
        this.name = name;
    }

    /** Registers the counters as Flink metrics under {@code hubble}. */
    public void register(MetricGroup parent) {
        MetricGroup g = parent.addGroup("hubble");
        g.gauge("connected", () -> connected ? 1 : 0);
        g.gauge("flows", flows::get);
        g.gauge("lostEvents", lost::get);
        g.gauge("malformed", malformed::get);
        g.gauge("unmatched", unmatched::get);
        g.gauge("reconnects", reconnects::get);
        g.gauge("lagMs", this::lagMillis);
        g.meter("flowsPerSecond", new org.apache.flink.metrics.MeterView(flows::get));
    }

    void connected(boolean c) {
        connected = c;
    }

    void onFlow(long timeNanos) {
        flows.incrementAndGet();
        if (timeNanos > lastFlowNanos) {
            lastFlowNanos = timeNanos;
        }
    }

    void onLost(long n) {
        lost.addAndGet(n);
    }

    void onMalformed(String where) {
        lastMalformed = where;
        malformed.incrementAndGet();
    }

    /** Where the last malformed input was ("line 3", "message 7 of this stream"), or null. */
    public String lastMalformed() {
        return lastMalformed;
    }

    void onUnmatched() {
        unmatched.incrementAndGet();
    }

    void onDuplicate() {
        duplicates.incrementAndGet();
    }

    void onReconnect() {
        reconnects.incrementAndGet();
    }

    public boolean isConnected() {
        return connected;
    }

    /** Flows handed on (duplicates after a resume and flows without a 5-tuple excluded). */
    public long flows() {
        return flows.get();
    }

    /** Events Hubble reported lost (lost_events messages). */
    public long lostEvents() {
        return lost.get();
    }

    /** Lines or messages that could not be read, skipped. */
    public long malformed() {
        return malformed.get();
    }

    /** Flows without an IP 5-tuple flowlens can key (no IP layer, other L4 protocols), skipped. */
    public long unmatched() {
        return unmatched.get();
    }

    /** Flows seen again after a resume and skipped. */
    public long duplicates() {
        return duplicates.get();
    }

    public long reconnects() {
        return reconnects.get();
    }

    /** Wall clock minus the newest flow's time, ms; 0 before the first flow. */
    public long lagMillis() {
        long t = lastFlowNanos;
        return t == 0 ? 0 : Math.max(0, System.currentTimeMillis() - t / 1_000_000);
    }

    /** Logs a status line when {@code everyMillis} have passed since the last one. */
    void logIfDue(long everyMillis) {
        long now = System.currentTimeMillis();
        if (now - lastLogMillis >= everyMillis) {
            long f = flows.get();
            LOG.info("hubble {}: {}, {} flows ({} /s), lag {} ms, {} lost events, {} malformed, {} reconnects", name,
                    connected ? "connected" : "not connected", f, (f - flowsAtLastLog) * 1000 / Math.max(1, now - lastLogMillis),
                    lagMillis(), lost.get(), malformed.get(), reconnects.get());
            lastLogMillis = now;
            flowsAtLastLog = f;
        }
    }

    @Override
    public String toString() {
        return "hubble " + name + ": " + (connected ? "connected" : "not connected") + ", " + flows() + " flows, "
                + lostEvents() + " lost events, " + malformed() + " malformed, " + unmatched() + " without a 5-tuple, "
                + reconnects() + " reconnects";
    }
}
