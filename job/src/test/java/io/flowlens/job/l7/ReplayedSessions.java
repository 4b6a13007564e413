package io.flowlens.job.l7;

import io.flowlens.job.l7.http.HttpSession;
import io.flowlens.job.l7.redis.RedisSession;
import io.flowlens.sources.bpf.PacketView;
import io.flowlens.sources.capture.CaptureHandler;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A capture's TCP records as the job would see them: per connection, its exported message starts turned into
 * {@link L7Segment}s (client = the SYN sender, else the first packet's source) and fed to an {@link HttpSession}
 * (kernel classes HTTP/1 request and response) and a {@link RedisSession} (class RESP).
 */
public final class ReplayedSessions implements CaptureHandler {
    private static final int TCP = 6, SYN = 0x02, ACK = 0x10;

    /** One TCP connection: its endpoints and what its sessions emitted. */
    public static final class Flow {
        public final String key;
        String initiator;
        boolean fed;
        public final HttpSession http = new HttpSession(false);
        public final RedisSession redis = new RedisSession();
        public final List<Transaction> out = new ArrayList<>();
        /** Exported segments per kernel class (index = class). */
        public final long[] segments = new long[16];

        Flow(String key, String initiator) {
            this.key = key;
            this.initiator = initiator;
        }

        /** Whether {@code endpoint} ("address#port") opened the connection. */
        public boolean initiatorIs(String endpoint) {
            return initiator.equals(endpoint);
        }
    }

    public final Map<String, Flow> flows = new LinkedHashMap<>();

    @Override
    public void onPacket(PacketView p, long epochNanos) {
        if (p.l4Protocol() != TCP) {
            return;
        }
        String src = endpoint(p.sourceAddress(), p.sport());
        String dst = endpoint(p.destinationAddress(), p.dport());
        Flow flow = flows.computeIfAbsent(key(src, dst), k -> new Flow(k, src));
        if ((p.tcpFlags() & (SYN | ACK)) == SYN && !flow.fed) {
            flow.initiator = src; // the SYN may come after its SYN-ACK in a capture
        }
        int cls = p.l7Class();
        if (p.caplen() == 0 || cls == 0) {
            return;
        }
        flow.fed = true;
        flow.segments[cls & 15]++;
        byte[] bytes = p.payload().toArray(ValueLayout.JAVA_BYTE);
        L7Segment segment = new L7Segment(src.equals(flow.initiator), epochNanos, cls, p.seq(),
                p.l4PayloadLength(), bytes);
        switch (cls) {
            case L7Segment.HTTP1_REQUEST, L7Segment.HTTP1_RESPONSE -> flow.http.onSegment(segment, flow.out::add);
            case L7Segment.REDIS -> flow.redis.onSegment(segment, flow.out::add);
            default -> {}
        }
    }

    /** Ends every session (requests still waiting leave unanswered). */
    public void finish() {
        for (Flow f : flows.values()) {
            f.http.close(f.out::add);
            f.redis.close(f.out::add);
        }
    }

    public static String endpoint(InetAddress address, int port) {
        return address.getHostAddress() + "#" + port;
    }

    /** The same string for both directions. */
    public static String key(String a, String b) {
        return a.compareTo(b) <= 0 ? a + " " + b : b + " " + a;
    }
}
