package io.flowlens.sources.system.split;

import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** Serializes {@link SystemMetricsSplit}s for shipping them to readers. */
public final class SystemMetricsSplitSerializer implements SimpleVersionedSerializer<SystemMetricsSplit> {
    public static final SystemMetricsSplitSerializer INSTANCE = new SystemMetricsSplitSerializer();
    static final int VERSION_1 = 1;

    @Override
    public int getVersion() {
        return VERSION_1;
    }

    @Override
    public byte[] serialize(SystemMetricsSplit split) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(32);
        out.writeUTF(split.host());
        return out.getCopyOfBuffer();
    }

    @Override
    public SystemMetricsSplit deserialize(int version, byte[] serialized) throws IOException {
        return switch (version) {
            case VERSION_1 -> new SystemMetricsSplit(new DataInputDeserializer(serialized).readUTF());
            default -> throw new IOException("unknown SystemMetricsSplit serializer version " + version
                    + " (this build reads " + VERSION_1 + ")");
        };
    }
}
