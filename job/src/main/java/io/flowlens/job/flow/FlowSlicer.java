package io.flowlens.job.flow;

import io.flowlens.job.tcp.ConnectionState;
import io.flowlens.job.tcp.TcpFlowAnalyzer;
import io.flowlens.job.tcp.TcpSliceCounters;
import io.flowlens.sources.bpf.PacketView;
import io.flowlens.sources.bpf.RingBuffer;
import io.flowlens.sources.packet.PacketEmitter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;

/**
 * Per-flow pre-aggregation in the source reader: packets become {@link FlowSlice}s (one per flow per window), so
 * Flink's keyed state holds flows × windows, never packets. Runs TCP analysis in packet order, counts a packet that
 * crosses several monitored interfaces once (on the interface that first saw its direction), and follows the
 * connection lifetime of ARCHITECTURE.md: RST, or FIN both ways plus a grace period, or an idle timeout ends it, and
 * a new SYN on an ended 5-tuple starts a new connection.
 *
 * <p>A window's slices leave once the reader's clock (the newest packet time, or the wall clock when idle) is past
 * the window's end by {@code lateness}. Each slice's timestamp is its window's last millisecond.
 */
public final class FlowSlicer implements PacketEmitter<FlowSlice> {
    private final String node;
    private final long windowMs;
    private final long latenessNs;
    private final long idleTimeoutNs;
    private final long closeGraceNs;
    private final boolean watermarks;
    private final FlowTable flows = new FlowTable();
    private final FlowKey probe = new FlowKey();
    private final FlowKey prefetchProbe = new FlowKey();
    /** Flows announced by {@link #prefetch} whose state is not touched yet (the ones at their keys' home slots). */
    private final FlowState[] announced = new FlowState[2 * RingBuffer.GROUP];
    private int announcedCount;
    /** Where the touches put what they read, so the JIT cannot drop the loads. */
    private long touched;
    private final TcpSliceCounters tcpOut = new TcpSliceCounters();
    private long clockNs = Long.MIN_VALUE;
    /** The last packet's flow and whether it was counted (not a copy seen on a second interface), for L7. */
    private FlowState last;
    private boolean lastForward, lastCounted;
    /** Windows starting before this have been flushed. */
    private long flushedBeforeMs = Long.MIN_VALUE;

    public FlowSlicer(String node, FlowSlicerSettings settings) {
        this.node = node;
        this.windowMs = settings.windowMs();
        this.latenessNs = settings.latenessMs() * 1_000_000L;
        this.idleTimeoutNs = settings.idleTimeoutMs() * 1_000_000L;
        this.closeGraceNs = settings.closeGraceMs() * 1_000_000L;
        this.watermarks = settings.watermarks();
    }

    @Override
    public void onPacket(PacketView p, long epochNanos, ReaderOutput<FlowSlice> out) {
        if (announcedCount > 0) {
            touchAnnounced();
        }
        boolean srcIsLo = probe.set(p);
        long windowStart = Math.floorDiv(Math.floorDiv(epochNanos, 1_000_000L), windowMs) * windowMs;
        FlowState f = flows.get(probe);
        int flags = p.tcpFlags();
        boolean tcp = probe.protocol == 6;
        if (f != null && tcp && ended(f, epochNanos, flags, srcIsLo == f.loInitiates, p.seq())) {
            if (f.hasSlice()) {
                emit(f, out);
            }
            flows.remove(f);
            f = null;
        }
        if (f == null) {
            f = new FlowState(probe, tcp);
            f.loInitiates = tcp ? srcIsLo == TcpFlowAnalyzer.initiatorSent(flags) : srcIsLo;
            f.connectionStartNs = epochNanos;
            f.ipVersion = (byte) p.ipVersion();
            f.replayed = p.direction() == PacketView.DIR_UNKNOWN;
            flows.add(f);
        }
        boolean forward = srcIsLo == f.loInitiates;
        int ifindex = p.ifindex();
        if (f.hasSlice() && (f.sliceWindowMs != windowStart || f.sliceFull())) {
            emit(f, out);
        }
        f.seenOn(ifindex);
        last = f;
        lastForward = forward;
        lastCounted = firstInterface(f, forward, ifindex);
        if (!lastCounted) {
            return; // the same packet seen again on another monitored interface of this node
        }
        int wirePackets = p.wirePackets();
        f.add(epochNanos, windowStart, forward, p.wireBytes(), wirePackets, flags);
        if (f.tcp != null) {
            f.tcp.onPacket(p, epochNanos, forward);
        } else if (probe.protocol == 1 || probe.protocol == 58) {
            f.icmp(probe.protocol, p.icmpType(), p.icmpId(), p.icmpSeq(), epochNanos);
        }
        if (p.l7Class() != 0) {
            f.l7Classes |= 1 << p.l7Class();
        }
        advance(epochNanos, out);
    }

    /**
     * Announces a packet that {@link #onPacket} will get soon, so that its flow's state can be brought into the cache
     * first. The reader announces a group of records before handing them over one by one: with 100 k flows the state
     * is far beyond the caches. Here only the flow at the key's home slot is noted (one load from the slot array);
     * the next onPacket touches all noted flows level by level ({@link #touchAnnounced}), so each level's cache
     * misses overlap across the group instead of each record's chain of misses stalling in turn. Changes nothing.
     */
    public void prefetch(PacketView p) {
        prefetchProbe.set(p);
        FlowState f = flows.atHome(prefetchProbe);
        if (f != null && announcedCount < announced.length) {
            announced[announcedCount++] = f;
        }
    }

    /**
     * Reads the announced flows' state in three passes, one per level of references: the flow, its TCP analysis, the
     * analysis' two directions. Within a pass the loads do not depend on each other.
     */
    private void touchAnnounced() {
        int n = announcedCount;
        FlowState[] a = announced;
        long t = 0;
        for (int i = 0; i < n; i++) {
            t += a[i].touch();
        }
        for (int i = 0; i < n; i++) {
            TcpFlowAnalyzer tcp = a[i].tcp;
            t += tcp == null ? 0 : tcp.touch();
        }
        for (int i = 0; i < n; i++) {
            TcpFlowAnalyzer tcp = a[i].tcp;
            t += tcp == null ? 0 : tcp.touchDirections();
            a[i] = null;
        }
        announcedCount = 0;
        touched += t;
    }

    private static boolean firstInterface(FlowState f, boolean forward, int ifindex) {
        if (forward) {
            if (f.fwdInterface < 0) {
                f.fwdInterface = ifindex;
            }
            return f.fwdInterface == ifindex;
        }
        if (f.bwdInterface < 0) {
            f.bwdInterface = ifindex;
        }
        return f.bwdInterface == ifindex;
    }

    /** Whether this packet belongs to a new connection on the flow's 5-tuple. */
    private boolean ended(FlowState f, long nowNs, int flags, boolean fromInitiator, long seq) {
        boolean syn = (flags & 0x12) == 0x02;
        if (!syn) {
            return false;
        }
        ConnectionState s = f.tcp.state();
        boolean over = s == ConnectionState.RESET || s == ConnectionState.CLOSED || nowNs - f.lastSeenNs > idleTimeoutNs;
        return over || f.tcp.startsNewConnection(fromInitiator, flags, seq);
    }

    /** Moves the clock; past a window boundary (plus lateness), emits the ended windows' slices and evicts dead flows. */
    private void advance(long nowNs, ReaderOutput<FlowSlice> out) {
        if (nowNs <= clockNs) {
            return;
        }
        clockNs = nowNs;
        long closedBeforeMs = Math.floorDiv(Math.floorDiv(nowNs - latenessNs, 1_000_000L), windowMs) * windowMs;
        if (closedBeforeMs <= flushedBeforeMs) {
            return;
        }
        flushedBeforeMs = closedBeforeMs;
        for (int i = 0; i < flows.capacity(); ) {
            FlowState f = flows.at(i);
            if (f != null && f.hasSlice() && f.sliceWindowMs < closedBeforeMs) {
                emit(f, out);
            }
            if (f != null && !f.hasSlice() && dead(f, nowNs)) {
                flows.removeAt(i); // look at slot i again: a later flow may have moved there
            } else {
                i++;
            }
        }
        if (watermarks) {
            out.emitWatermark(new Watermark(closedBeforeMs - 1)); // later slices of these windows would be late
        }
    }

    private boolean dead(FlowState f, long nowNs) {
        long idle = nowNs - f.lastSeenNs;
        if (f.tcp != null && (f.tcp.state() == ConnectionState.RESET || f.tcp.state() == ConnectionState.CLOSED)) {
            return idle > closeGraceNs;
        }
        return idle > idleTimeoutNs;
    }

    private void emit(FlowState f, ReaderOutput<FlowSlice> out) {
        long window = f.sliceWindowMs;
        out.collect(f.drain(node, windowMs, tcpOut), window + windowMs - 1);
    }

    /** Live capture with nothing to read: the wall clock moves the windows on. */
    @Override
    public void onIdle(long epochNanos, ReaderOutput<FlowSlice> out) {
        advance(epochNanos, out);
    }

    /** The split ended (file done, duration over): every held slice leaves; connections stay for a next file. */
    @Override
    public void flush(ReaderOutput<FlowSlice> out) {
        for (FlowState f : flows.values()) {
            if (f.hasSlice()) {
                emit(f, out);
            }
        }
    }

    /** Whether the last packet was counted (false: a copy of one already seen on another interface). */
    public boolean lastCounted() {
        return lastCounted;
    }

    /** Whether the last packet came from its flow's initiator. */
    public boolean lastFromInitiator() {
        return lastForward;
    }

    /** Fills an L7 event with the last packet's flow identity, initiator first. */
    public void lastFlowIdentity(io.flowlens.job.l7.SegmentEvent e) {
        FlowIdentity.fill(e, last, node);
    }

    /** Active flows held (for metrics and tests). */
    public int activeFlows() {
        return flows.size();
    }

    @Override
    public byte[] snapshot() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream o = new ObjectOutputStream(bytes)) {
            o.writeLong(clockNs);
            o.writeLong(flushedBeforeMs);
            o.writeObject(new ArrayList<>(flows.values()));
        } catch (IOException e) {
            throw new UncheckedIOException("snapshotting flow state", e);
        }
        return bytes.toByteArray();
    }

    @Override
    @SuppressWarnings("unchecked")
    public void restore(byte[] state) {
        flows.clear();
        if (state == null || state.length == 0) {
            return;
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(state))) {
            clockNs = in.readLong();
            flushedBeforeMs = in.readLong();
            for (FlowState f : (List<FlowState>) in.readObject()) {
                flows.add(f);
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot restore the reader's flow state: " + e.getMessage(), e);
        }
    }
}
