package io.flowlens.sources.packet;

import io.flowlens.sources.bpf.PacketView;
import java.net.InetAddress;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.ReaderOutput;

/**
 * One packet as a plain Flink POJO: for tests, debugging and small captures. The feature job does
 * not emit these (it pre-aggregates per flow in the reader); this costs an allocation per packet.
 */
public class PacketEvent {
    public String host;
    public long epochNanos;
    public int ifindex;
    public int direction;
    public int ipVersion;
    public int protocol;
    public String srcAddr;
    public String dstAddr;
    public int srcPort;
    public int dstPort;
    public int tcpFlags;
    public long seq;
    public long ack;
    public int window;
    public long ipLength;
    public long payloadLength;
    public long frameLength;
    public int wirePackets;
    public int icmpType;
    public int icmpCode;
    public int l7Class;
    public byte[] payload;

    public PacketEvent() {}

    static PacketEvent of(String host, PacketView p, long epochNanos) {
        PacketEvent e = new PacketEvent();
        e.host = host;
        e.epochNanos = epochNanos;
        e.ifindex = p.ifindex();
        e.direction = p.direction();
        e.ipVersion = p.ipVersion();
        e.protocol = p.l4Protocol();
        e.srcAddr = addr(p.sourceAddress());
        e.dstAddr = addr(p.destinationAddress());
        e.srcPort = p.sport();
        e.dstPort = p.dport();
        e.tcpFlags = p.tcpFlags();
        e.seq = p.seq();
        e.ack = p.ack();
        e.window = p.window();
        e.ipLength = p.ipLength();
        e.payloadLength = p.l4PayloadLength();
        e.frameLength = p.skbLength();
        e.wirePackets = p.wirePackets();
        e.icmpType = p.icmpType();
        e.icmpCode = p.icmpCode();
        e.l7Class = p.l7Class();
        e.payload = p.payload().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        return e;
    }

    private static String addr(InetAddress a) {
        return a.getHostAddress();
    }

    /** Emits one PacketEvent per packet record, with the packet's time as the record's timestamp. */
    public static PacketEmitterFactory<PacketEvent> emitter() {
        return new PacketEmitterFactory<>() {
            @Override
            public PacketEmitter<PacketEvent> create(String host) {
                return (PacketView p, long ts, ReaderOutput<PacketEvent> out) -> out.collect(of(host, p, ts), ts / 1_000_000);
            }

            @Override
            public TypeInformation<PacketEvent> producedType() {
                return TypeInformation.of(PacketEvent.class);
            }
        };
    }

    @Override
    public String toString() {
        return srcAddr + ":" + srcPort + " > " + dstAddr + ":" + dstPort + " proto " + protocol + " flags 0x"
                + Integer.toHexString(tcpFlags) + " len " + ipLength + " @" + epochNanos;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PacketEvent e && e.epochNanos == epochNanos && Objects.equals(e.srcAddr, srcAddr)
                && e.srcPort == srcPort && Objects.equals(e.dstAddr, dstAddr) && e.dstPort == dstPort && e.seq == seq;
    }

    @Override
    public int hashCode() {
        return Objects.hash(epochNanos, srcAddr, srcPort, dstAddr, dstPort, seq);
    }
}
