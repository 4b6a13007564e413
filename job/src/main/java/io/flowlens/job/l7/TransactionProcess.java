package io.flowlens.job.l7;

import io.flowlens.job.label.Labeler;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/**
 * Runs each flow's L7 sessions over its message starts (keyed by flow id) and emits one transactions-dataset row per
 * completed exchange. A flow idle for the idle timeout, or the end of input, closes its sessions (waiting requests
 * leave unanswered).
 *
 * <p>Sessions live on the heap, outside Flink's checkpointed state: parser state (an HPACK table, a RESP stream
 * position) cannot be restored meaningfully without the bytes around it. After a restart a flow's L7 state is
 * unknown, exactly as when capture begins mid-connection, and the sessions resynchronise at the next message start.
 */
public final class TransactionProcess extends KeyedProcessFunction<String, SegmentEvent, Row> {
    private final long idleMs;
    private final boolean keepQuery;
    private final Labeler labeler;
    private transient Map<String, FlowSessions> flows;
    private transient TransactionRows rows;

    public TransactionProcess(long idleMs, boolean keepQuery, Labeler labeler) {
        this.idleMs = idleMs;
        this.keepQuery = keepQuery;
        this.labeler = labeler;
    }

    @Override
    public void open(OpenContext ctx) {
        flows = new HashMap<>();
        rows = new TransactionRows();
    }

    @Override
    public void processElement(SegmentEvent e, Context ctx, Collector<Row> out) {
        FlowSessions f = flows.computeIfAbsent(e.flowId, id -> new FlowSessions(e));
        long ms = Math.floorDiv(e.tsNanos, 1_000_000L);
        f.lastSeenMs = Math.max(f.lastSeenMs, ms);
        f.accept(e, keepQuery, t -> emit(f, t, out));
        if (f.timerMs == 0) { // one pending timer per flow: a timer per segment cost more than the parsing
            f.timerMs = f.lastSeenMs + idleMs;
            ctx.timerService().registerEventTimeTimer(f.timerMs);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Row> out) {
        FlowSessions f = flows.get(ctx.getCurrentKey());
        if (f == null) {
            return; // a timer restored from a checkpoint: its sessions were on the heap of the failed task
        }
        if (ctx.timerService().currentWatermark() == Long.MAX_VALUE || f.lastSeenMs + idleMs <= timestamp) {
            f.close(t -> emit(f, t, out));
            flows.remove(ctx.getCurrentKey());
        } else { // seen since the timer was set: wait for the idle timeout from the last segment
            f.timerMs = f.lastSeenMs + idleMs;
            ctx.timerService().registerEventTimeTimer(f.timerMs);
        }
    }

    private void emit(FlowSessions f, Transaction t, Collector<Row> out) {
        SegmentEvent id = f.identity;
        int label = labeler.label(Math.floorDiv(t.requestNanos, 1_000_000L), id.srcIp, id.dstIp, id.srcPort, id.dstPort,
                id.ipProtocol);
        out.collect(rows.toRow(id, t, label));
    }
}
