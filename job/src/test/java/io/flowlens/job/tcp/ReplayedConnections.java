package io.flowlens.job.tcp;

import io.flowlens.sources.bpf.BpfObject;
import io.flowlens.sources.bpf.PacketView;
import io.flowlens.sources.capture.CaptureHandler;
import io.flowlens.sources.capture.CaptureReplay;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one {@link TcpFlowAnalyzer} per TCP connection of a replayed capture, the way the reader will: flows keyed by
 * the canonical 5-tuple, forward = initiator, a new connection when the analyzer says a SYN reuses the ports. Counts
 * per connection what tshark's display filters count, as "5-tuple #n" lines to compare with {@link TsharkTcpCounts}.
 */
final class ReplayedConnections implements CaptureHandler {
    /** One 5-tuple: its current connection's analyzer and the counts of all its connections so far. */
    private static final class Flow {
        final TcpFlowAnalyzer analyzer = new TcpFlowAnalyzer();
        String initiator;
        final List<long[]> connections = new ArrayList<>();
    }

    private final Map<String, Flow> flows = new LinkedHashMap<>();
    long packets;

    /** {@code capture} replayed to its end through the real TC program on {@code workers} workers. */
    static ReplayedConnections of(Path capture, int workers) throws IOException {
        ReplayedConnections connections = new ReplayedConnections();
        try (CaptureReplay replay = new CaptureReplay(capture, BpfObject.Options.defaults(), 0, workers)) {
            while (!replay.isFinished()) {
                replay.poll(connections, 1000);
            }
            if (replay.error().isPresent()) {
                throw new IOException(capture.getFileName() + " does not replay to its end", replay.error().get());
            }
        }
        return connections;
    }

    @Override
    public void onPacket(PacketView p, long epochNanos) {
        boolean nonFirstFragment = (p.flags() & PacketView.FLAG_FRAGMENT) != 0 && p.sport() == 0 && p.dport() == 0;
        if (p.l4Protocol() != 6 || nonFirstFragment || (p.flags() & PacketView.FLAG_L4_TRUNCATED) != 0) {
            return;
        }
        packets++;
        String src = TsharkTcpCounts.endpoint(p.sourceAddress().getHostAddress(), p.sport());
        String dst = TsharkTcpCounts.endpoint(p.destinationAddress().getHostAddress(), p.dport());
        Flow flow = flows.computeIfAbsent(TsharkTcpCounts.flowKey(src, dst), k -> new Flow());
        if (flow.initiator != null
                && flow.analyzer.startsNewConnection(src.equals(flow.initiator), p.tcpFlags(), p.seq())) {
            flow.analyzer.reset();
            flow.initiator = null;
        }
        if (flow.initiator == null) {
            flow.initiator = TcpFlowAnalyzer.initiatorSent(p.tcpFlags()) ? src : dst;
            flow.connections.add(TsharkTcpCounts.newCounts());
        }
        int a = flow.analyzer.onPacket(p, epochNanos, src.equals(flow.initiator));
        long[] counts = flow.connections.getLast();
        counts[0] += TcpAnalysisFlags.isRetransmission(a) ? 1 : 0;
        counts[1] += (a & TcpAnalysisFlags.FAST_RETRANSMISSION) != 0 ? 1 : 0;
        counts[2] += (a & TcpAnalysisFlags.SPURIOUS_RETRANSMISSION) != 0 ? 1 : 0;
        counts[3] += (a & TcpAnalysisFlags.OUT_OF_ORDER) != 0 ? 1 : 0;
        counts[4] += (a & TcpAnalysisFlags.ZERO_WINDOW) != 0 ? 1 : 0;
        counts[TsharkTcpCounts.INITIAL_RTT] = flow.analyzer.handshakeRttNanos();
    }

    /** "5-tuple #n retransmission=… fast_retransmission=… …", one line per connection. */
    List<String> lines() {
        List<String> out = new ArrayList<>();
        flows.forEach((key, flow) -> {
            for (int i = 0; i < flow.connections.size(); i++) {
                out.add(TsharkTcpCounts.line(key, i, flow.connections.get(i)));
            }
        });
        return out;
    }
}
