package io.flowlens.sources.capture;

import io.flowlens.sources.bpf.PacketView;
import io.flowlens.testkit.Conversation;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tallies packet records per TCP/UDP conversation in tshark's terms (A = source of the first packet),
 * so a capture's records can be compared with tshark's conversation table field by field. Frames and bytes are
 * wire packets: a GSO super-packet record counts as the segments it becomes.
 */
final class FlowTally implements CaptureHandler {
    /** Endpoint pair in canonical order plus protocol. */
    record Key(String proto, String lo, int loPort, String hi, int hiPort) {}

    /** Per-conversation counts; "a" is the first packet's source. */
    static final class Flow {
        String proto;
        InetAddress addrA, addrB;
        int portA, portB;
        long framesAtoB, bytesAtoB, framesBtoA, bytesBtoA;
        List<Integer> directionsAtoB = new ArrayList<>();
        List<Integer> directionsBtoA = new ArrayList<>();
        List<Integer> tcpFlagsAtoB = new ArrayList<>();
        List<Integer> tcpFlagsBtoA = new ArrayList<>();

        Conversation asConversation() {
            return new Conversation(proto, addrA, portA, addrB, portB, framesAtoB, bytesAtoB, framesBtoA, bytesBtoA);
        }
    }

    final Map<Key, Flow> flows = new LinkedHashMap<>();
    final List<PacketSummary> packets = new ArrayList<>();

    /** What tests look at per packet (copied out of the record). */
    record PacketSummary(int proto, String src, int sport, String dst, int dport, int direction, int tcpFlags,
                         long frameLength, int ifindex, int l7Class, int icmpType, int icmpId, int icmpSeq,
                         long l4PayloadLength, byte[] payload) {}

    @Override
    public void onPacket(PacketView p, long epochNanos) {
        String src = p.sourceAddress().getHostAddress();
        String dst = p.destinationAddress().getHostAddress();
        byte[] pl = p.payload().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        packets.add(new PacketSummary(p.l4Protocol(), src, p.sport(), dst, p.dport(), p.direction(), p.tcpFlags(),
                p.skbLength(), p.ifindex(), p.l7Class(), p.icmpType(), p.icmpId(), p.icmpSeq(), p.l4PayloadLength(), pl));
        boolean nonFirstFragment = (p.flags() & PacketView.FLAG_FRAGMENT) != 0 && p.sport() == 0 && p.dport() == 0;
        if ((p.l4Protocol() != 6 && p.l4Protocol() != 17) || nonFirstFragment || (p.flags() & PacketView.FLAG_L4_TRUNCATED) != 0) {
            return;
        }
        String proto = p.l4Protocol() == 6 ? "tcp" : "udp";
        boolean srcLow = (src + "/" + p.sport()).compareTo(dst + "/" + p.dport()) <= 0;
        Key k = srcLow ? new Key(proto, src, p.sport(), dst, p.dport()) : new Key(proto, dst, p.dport(), src, p.sport());
        Flow f = flows.computeIfAbsent(k, x -> {
            Flow n = new Flow();
            n.proto = proto;
            n.addrA = p.sourceAddress();
            n.portA = p.sport();
            n.addrB = p.destinationAddress();
            n.portB = p.dport();
            return n;
        });
        boolean fromA = p.sourceAddress().equals(f.addrA) && p.sport() == f.portA;
        if (fromA) {
            f.framesAtoB += p.wirePackets();
            f.bytesAtoB += p.wireBytes();
            f.directionsAtoB.add(p.direction());
            f.tcpFlagsAtoB.add(p.tcpFlags());
        } else {
            f.framesBtoA += p.wirePackets();
            f.bytesBtoA += p.wireBytes();
            f.directionsBtoA.add(p.direction());
            f.tcpFlagsBtoA.add(p.tcpFlags());
        }
    }

    List<Conversation> conversations() {
        return flows.values().stream().map(Flow::asConversation).toList();
    }
}
