package io.flowlens.job.flow;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Writes a {@link FlowSlice} field by field in a fixed order. Every slice crosses the network once and goes in and
 * out of RocksDB as a window accumulator; Flink's POJO serializer reads and writes its 52 fields by reflection,
 * which was a tenth of the job's CPU in a profile. FlowSliceSerializerTest sets every public field and checks that
 * each survives, so a field added to FlowSlice and not here fails it. A changed field list changes the bytes: give
 * the snapshot a new version then (state from before cannot be read by a reordered list).
 */
public final class FlowSliceSerializer extends TypeSerializerSingleton<FlowSlice> {
    public static final FlowSliceSerializer INSTANCE = new FlowSliceSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public FlowSlice createInstance() {
        return new FlowSlice();
    }

    @Override
    public FlowSlice copy(FlowSlice s) {
        FlowSlice c = new FlowSlice();
        c.flowId = s.flowId;
        c.node = s.node;
        c.srcIp = s.srcIp;
        c.dstIp = s.dstIp;
        c.interfaces = s.interfaces;
        c.srcPort = s.srcPort;
        c.dstPort = s.dstPort;
        c.protocol = s.protocol;
        c.ipVersion = s.ipVersion;
        c.windowStartMs = s.windowStartMs;
        c.l7Classes = s.l7Classes;
        c.fwdPackets = s.fwdPackets;
        c.bwdPackets = s.bwdPackets;
        c.fwdBytes = s.fwdBytes;
        c.bwdBytes = s.bwdBytes;
        c.minSize = s.minSize;
        c.maxSize = s.maxSize;
        c.sumSizeSquares = s.sumSizeSquares;
        c.firstNs = s.firstNs;
        c.lastNs = s.lastNs;
        c.gapCount = s.gapCount;
        c.gapSumNs = s.gapSumNs;
        c.gapSumSquaresNs = s.gapSumSquaresNs;
        c.connectionStartNs = s.connectionStartNs;
        c.syn = s.syn;
        c.synAck = s.synAck;
        c.fin = s.fin;
        c.rst = s.rst;
        c.psh = s.psh;
        c.ack = s.ack;
        c.urg = s.urg;
        c.ece = s.ece;
        c.cwr = s.cwr;
        c.retransmissions = s.retransmissions;
        c.spuriousRetransmissions = s.spuriousRetransmissions;
        c.outOfOrder = s.outOfOrder;
        c.zeroWindow = s.zeroWindow;
        c.zeroWindowNs = s.zeroWindowNs;
        c.maxConsecutiveRetransmissions = s.maxConsecutiveRetransmissions;
        c.dataSegments = s.dataSegments;
        c.retransmittedDataSegments = s.retransmittedDataSegments;
        c.handshakeRttNs = s.handshakeRttNs;
        c.rttSamples = s.rttSamples;
        c.rttSumNs = s.rttSumNs;
        c.rttJitterSumNs = s.rttJitterSumNs;
        c.rttJitterSamples = s.rttJitterSamples;
        c.connectionState = s.connectionState;
        c.halfOpen = s.halfOpen;
        c.echoRttSamples = s.echoRttSamples;
        c.echoRttSumNs = s.echoRttSumNs;
        c.icmpUnreachable = s.icmpUnreachable;
        c.icmpTimeExceeded = s.icmpTimeExceeded;
        return c;
    }

    @Override
    public FlowSlice copy(FlowSlice from, FlowSlice reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(FlowSlice s, DataOutputView out) throws IOException {
        writeString(s.flowId, out);
        writeString(s.node, out);
        writeString(s.srcIp, out);
        writeString(s.dstIp, out);
        writeString(s.interfaces, out);
        out.writeInt(s.srcPort);
        out.writeInt(s.dstPort);
        out.writeInt(s.protocol);
        out.writeInt(s.ipVersion);
        out.writeLong(s.windowStartMs);
        out.writeInt(s.l7Classes);
        out.writeLong(s.fwdPackets);
        out.writeLong(s.bwdPackets);
        out.writeLong(s.fwdBytes);
        out.writeLong(s.bwdBytes);
        out.writeLong(s.minSize);
        out.writeLong(s.maxSize);
        out.writeDouble(s.sumSizeSquares);
        out.writeLong(s.firstNs);
        out.writeLong(s.lastNs);
        out.writeLong(s.gapCount);
        out.writeDouble(s.gapSumNs);
        out.writeDouble(s.gapSumSquaresNs);
        out.writeLong(s.connectionStartNs);
        out.writeLong(s.syn);
        out.writeLong(s.synAck);
        out.writeLong(s.fin);
        out.writeLong(s.rst);
        out.writeLong(s.psh);
        out.writeLong(s.ack);
        out.writeLong(s.urg);
        out.writeLong(s.ece);
        out.writeLong(s.cwr);
        out.writeLong(s.retransmissions);
        out.writeLong(s.spuriousRetransmissions);
        out.writeLong(s.outOfOrder);
        out.writeLong(s.zeroWindow);
        out.writeLong(s.zeroWindowNs);
        out.writeLong(s.maxConsecutiveRetransmissions);
        out.writeLong(s.dataSegments);
        out.writeLong(s.retransmittedDataSegments);
        out.writeLong(s.handshakeRttNs);
        out.writeLong(s.rttSamples);
        out.writeDouble(s.rttSumNs);
        out.writeDouble(s.rttJitterSumNs);
        out.writeLong(s.rttJitterSamples);
        out.writeInt(s.connectionState);
        out.writeBoolean(s.halfOpen);
        out.writeLong(s.echoRttSamples);
        out.writeDouble(s.echoRttSumNs);
        out.writeLong(s.icmpUnreachable);
        out.writeLong(s.icmpTimeExceeded);
    }

    @Override
    public FlowSlice deserialize(DataInputView in) throws IOException {
        FlowSlice s = new FlowSlice();
        s.flowId = readString(in);
        s.node = readString(in);
        s.srcIp = readString(in);
        s.dstIp = readString(in);
        s.interfaces = readString(in);
        s.srcPort = in.readInt();
        s.dstPort = in.readInt();
        s.protocol = in.readInt();
        s.ipVersion = in.readInt();
        s.windowStartMs = in.readLong();
        s.l7Classes = in.readInt();
        s.fwdPackets = in.readLong();
        s.bwdPackets = in.readLong();
        s.fwdBytes = in.readLong();
        s.bwdBytes = in.readLong();
        s.minSize = in.readLong();
        s.maxSize = in.readLong();
        s.sumSizeSquares = in.readDouble();
        s.firstNs = in.readLong();
        s.lastNs = in.readLong();
        s.gapCount = in.readLong();
        s.gapSumNs = in.readDouble();
        s.gapSumSquaresNs = in.readDouble();
        s.connectionStartNs = in.readLong();
        s.syn = in.readLong();
        s.synAck = in.readLong();
        s.fin = in.readLong();
        s.rst = in.readLong();
        s.psh = in.readLong();
        s.ack = in.readLong();
        s.urg = in.readLong();
        s.ece = in.readLong();
        s.cwr = in.readLong();
        s.retransmissions = in.readLong();
        s.spuriousRetransmissions = in.readLong();
        s.outOfOrder = in.readLong();
        s.zeroWindow = in.readLong();
        s.zeroWindowNs = in.readLong();
        s.maxConsecutiveRetransmissions = in.readLong();
        s.dataSegments = in.readLong();
        s.retransmittedDataSegments = in.readLong();
        s.handshakeRttNs = in.readLong();
        s.rttSamples = in.readLong();
        s.rttSumNs = in.readDouble();
        s.rttJitterSumNs = in.readDouble();
        s.rttJitterSamples = in.readLong();
        s.connectionState = in.readInt();
        s.halfOpen = in.readBoolean();
        s.echoRttSamples = in.readLong();
        s.echoRttSumNs = in.readDouble();
        s.icmpUnreachable = in.readLong();
        s.icmpTimeExceeded = in.readLong();
        return s;
    }

    @Override
    public FlowSlice deserialize(FlowSlice reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<FlowSlice> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Null-safe: a fresh accumulator's identity fields are null. */
    private static void writeString(String v, DataOutputView out) throws IOException {
        out.writeBoolean(v != null);
        if (v != null) {
            StringValue.writeString(v, out);
        }
    }

    private static String readString(DataInputView in) throws IOException {
        return in.readBoolean() ? StringValue.readString(in) : null;
    }

    /** Restores the serializer from a checkpoint or savepoint. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<FlowSlice> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
