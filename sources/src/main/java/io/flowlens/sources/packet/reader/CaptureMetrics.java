package io.flowlens.sources.packet.reader;

import io.flowlens.sources.bpf.Counter;
import io.flowlens.sources.bpf.CounterSnapshot;
import io.flowlens.sources.capture.LiveCapture;
import io.flowlens.sources.capture.PacketCapture;
import org.apache.flink.metrics.MetricGroup;

/** The kernel's counters as Flink metrics (flowlens.packets, flowlens.ringbufDrops, ...), refreshed by the reader. */
final class CaptureMetrics {
    private final long[] last = new long[Counter.values().length];
    private long reportedDrops;
    private long records;
    private volatile PacketCapture capture;

    CaptureMetrics(MetricGroup parent) {
        MetricGroup g = parent.addGroup("flowlens");
        g.gauge("packets", () -> last[Counter.PACKETS.ordinal()]);
        g.gauge("records", () -> last[Counter.RECORDS.ordinal()]);
        g.gauge("ringbufDrops", () -> last[Counter.RINGBUF_DROPS.ordinal()]);
        g.gauge("payloadBytes", () -> last[Counter.PAYLOAD_BYTES.ordinal()]);
        g.gauge("notIp", () -> last[Counter.NOT_IP.ordinal()]);
        g.gauge("malformed", () -> last[Counter.MALFORMED.ordinal()]);
        g.gauge("oomKills", () -> last[Counter.OOM_KILLS.ordinal()]);
        g.gauge("recordsRead", () -> records);
        g.gauge("interfaces", () -> capture instanceof LiveCapture l ? l.interfaces().size() : 0);
    }

    void attach(PacketCapture c) {
        capture = c;
        reportedDrops = 0; // a new capture's counters start at zero
    }

    void records(int n) {
        records += n;
        CaptureTotals.RECORDS.add(n);
    }

    void update(CounterSnapshot c) {
        for (Counter k : Counter.values()) {
            last[k.ordinal()] = c.get(k);
        }
    }

    /** Drops since the last call. */
    long newDrops(CounterSnapshot c) {
        long d = c.get(Counter.RINGBUF_DROPS) - reportedDrops;
        reportedDrops = c.get(Counter.RINGBUF_DROPS);
        CaptureTotals.DROPS.add(d);
        return d;
    }
}
