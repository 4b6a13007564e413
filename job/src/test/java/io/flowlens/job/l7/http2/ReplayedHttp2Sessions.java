package io.flowlens.job.l7.http2;

import io.flowlens.job.l7.L7Segment;
import io.flowlens.job.l7.Transaction;
import io.flowlens.job.tcp.TcpFlowAnalyzer;
import io.flowlens.sources.bpf.PacketView;
import io.flowlens.sources.capture.CaptureHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@link Http2Session} per TCP connection of a replayed capture, fed the records the kernel exported with
 * payload, as the job will: forward = the initiator (SYN sender, else the first packet's source).
 */
final class ReplayedHttp2Sessions implements CaptureHandler {
    static final class Flow {
        final Http2Session session = new Http2Session();
        final List<Transaction> transactions = new ArrayList<>();
        String initiator;
        long payloadSegments, exportedSegments;
    }

    final Map<String, Flow> flows = new LinkedHashMap<>();

    @Override
    public void onPacket(PacketView p, long epochNanos) {
        if (p.l4Protocol() != 6) {
            return;
        }
        String src = endpoint(p.sourceAddress().getHostAddress(), p.sport());
        String dst = endpoint(p.destinationAddress().getHostAddress(), p.dport());
        Flow flow = flows.computeIfAbsent(key(src, dst), k -> new Flow());
        if (flow.initiator == null) {
            flow.initiator = TcpFlowAnalyzer.initiatorSent(p.tcpFlags()) ? src : dst;
        }
        if (p.l4PayloadLength() > 0) {
            flow.payloadSegments++;
        }
        if (p.caplen() == 0 || p.l7Class() == 0) {
            return;
        }
        flow.exportedSegments++;
        byte[] bytes = p.payload().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        L7Segment segment = new L7Segment(src.equals(flow.initiator), epochNanos, p.l7Class(), p.seq(),
                p.l4PayloadLength(), bytes);
        flow.session.onSegment(segment, flow.transactions::add);
    }

    void closeAll() {
        flows.values().forEach(f -> f.session.close(f.transactions::add));
    }

    static String endpoint(String host, int port) {
        return host + " " + port;
    }

    /** The connection's two endpoints, sorted: the same key from either direction and from tshark. */
    static String key(String a, String b) {
        return a.compareTo(b) <= 0 ? a + " / " + b : b + " / " + a;
    }
}
