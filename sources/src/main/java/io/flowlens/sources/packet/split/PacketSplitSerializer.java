package io.flowlens.sources.packet.split;

import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** Serializes {@link PacketSplit}s for checkpoints and for shipping them to readers. */
public final class PacketSplitSerializer implements SimpleVersionedSerializer<PacketSplit> {
    public static final PacketSplitSerializer INSTANCE = new PacketSplitSerializer();
    static final int VERSION_1 = 1;

    @Override
    public int getVersion() {
        return VERSION_1;
    }

    @Override
    public byte[] serialize(PacketSplit split) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        write(split, out);
        return out.getCopyOfBuffer();
    }

    public static void write(PacketSplit split, DataOutputSerializer out) throws IOException {
        out.writeByte(split.kind().ordinal());
        out.writeUTF(split.target());
        out.writeLong(split.packetsDone());
        byte[] state = split.emitterState();
        out.writeInt(state.length);
        out.write(state);
    }

    @Override
    public PacketSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION_1) {
            throw new IOException("unknown PacketSplit serializer version " + version + " (this build reads " + VERSION_1 + ")");
        }
        return read(new DataInputDeserializer(serialized));
    }

    public static PacketSplit read(DataInputDeserializer in) throws IOException {
        PacketSplit.Kind kind = PacketSplit.Kind.values()[in.readByte()];
        String target = in.readUTF();
        long done = in.readLong();
        byte[] state = new byte[in.readInt()];
        in.readFully(state);
        return PacketSplit.restore(kind, target, done, state);
    }
}
