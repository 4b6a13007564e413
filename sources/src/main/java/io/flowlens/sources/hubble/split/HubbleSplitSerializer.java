package io.flowlens.sources.hubble.split;

import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** Serializes {@link HubbleSplit}s for shipping them to readers and for checkpoints. */
public final class HubbleSplitSerializer implements SimpleVersionedSerializer<HubbleSplit> {
    public static final HubbleSplitSerializer INSTANCE = new HubbleSplitSerializer();
    static final int VERSION_1 = 1;

    @Override
    public int getVersion() {
        return VERSION_1;
    }

    @Override
    public byte[] serialize(HubbleSplit split) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeUTF(split.kind().name());
        out.writeUTF(split.target());
        out.writeUTF(split.host());
        out.writeLong(split.position());
        return out.getCopyOfBuffer();
    }

    @Override
    public HubbleSplit deserialize(int version, byte[] serialized) throws IOException {
        return switch (version) {
            case VERSION_1 -> {
                DataInputDeserializer in = new DataInputDeserializer(serialized);
                yield new HubbleSplit(HubbleSplit.Kind.valueOf(in.readUTF()), in.readUTF(), in.readUTF(), in.readLong());
            }
            default -> throw new IOException("unknown HubbleSplit serializer version " + version
                    + " (this build reads " + VERSION_1 + ")");
        };
    }
}
