package io.flowlens.job.l7;

import io.flowlens.job.l7.dns.DnsSession;
import io.flowlens.job.l7.kafka.KafkaSession;
import io.flowlens.job.l7.tls.TlsSession;
import io.flowlens.job.tcp.TcpFlowAnalyzer;
import io.flowlens.sources.bpf.BpfObject;
import io.flowlens.sources.bpf.PacketView;
import io.flowlens.sources.capture.CaptureHandler;
import io.flowlens.sources.capture.CaptureReplay;
import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A capture replayed through the real TC program, its payload records turned into L7Segments the way the reader will
 * (fromClient = sent by the flow's initiator: the SYN sender, else the first packet's sender), fed to one session per
 * flow and protocol. Keeps every transaction and, per kernel class, how many segments the kernel exported.
 */
public final class ReplayedL7 implements CaptureHandler {
    private final Map<String, String> initiators = new LinkedHashMap<>();
    private final Map<String, L7Session> sessions = new LinkedHashMap<>();
    public final List<Transaction> transactions = new ArrayList<>();
    public final long[] segmentsByClass = new long[16];

    public static ReplayedL7 of(Path capture, int payloadCap) throws IOException {
        ReplayedL7 l7 = new ReplayedL7();
        try (CaptureReplay replay = new CaptureReplay(capture, BpfObject.Options.defaults().withPayloadCap(payloadCap))) {
            while (!replay.isFinished()) {
                replay.poll(l7, 1000);
            }
            if (replay.error().isPresent()) {
                throw new IOException(replay.error().get());
            }
        }
        l7.sessions.values().forEach(s -> s.close(l7.transactions::add));
        return l7;
    }

    @Override
    public void onPacket(PacketView p, long epochNanos) {
        String src = p.sourceAddress().getHostAddress() + ":" + p.sport();
        String dst = p.destinationAddress().getHostAddress() + ":" + p.dport();
        String flow = p.l4Protocol() + " " + (src.compareTo(dst) < 0 ? src + " " + dst : dst + " " + src);
        String initiator = initiators.computeIfAbsent(flow,
                k -> p.l4Protocol() != 6 || TcpFlowAnalyzer.initiatorSent(p.tcpFlags()) ? src : dst);
        int cls = p.l7Class();
        if (cls == 0 || p.caplen() == 0) {
            return;
        }
        segmentsByClass[cls]++;
        byte[] bytes = p.payload().toArray(ValueLayout.JAVA_BYTE);
        L7Segment s = new L7Segment(src.equals(initiator), epochNanos, cls, p.seq(), p.l4PayloadLength(), bytes);
        L7Session session = switch (cls) {
            case L7Segment.DNS -> sessions.computeIfAbsent(flow + " dns",
                    k -> p.l4Protocol() == 6 ? DnsSession.tcp() : DnsSession.udp());
            case L7Segment.KAFKA -> sessions.computeIfAbsent(flow + " kafka", k -> new KafkaSession());
            case L7Segment.TLS_CLIENT_HELLO -> sessions.computeIfAbsent(flow + " tls", k -> new TlsSession());
            default -> null;
        };
        if (session != null) {
            session.onSegment(s, transactions::add);
        }
    }

    public List<Transaction> of(String protocol) {
        return transactions.stream().filter(t -> t.protocol.equals(protocol))
                .sorted(java.util.Comparator.comparingLong(t -> t.requestNanos)).toList();
    }

    /** Sum of malformed() over every session. */
    public long malformed() {
        return sessions.values().stream().mapToLong(L7Session::malformed).sum();
    }
}
