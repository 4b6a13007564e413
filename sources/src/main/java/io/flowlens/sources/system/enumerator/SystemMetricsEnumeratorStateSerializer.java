package io.flowlens.sources.system.enumerator;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** Serializes {@link SystemMetricsEnumeratorState} for checkpoints. */
public final class SystemMetricsEnumeratorStateSerializer implements SimpleVersionedSerializer<SystemMetricsEnumeratorState> {
    static final int VERSION_1 = 1;

    @Override
    public int getVersion() {
        return VERSION_1;
    }

    @Override
    public byte[] serialize(SystemMetricsEnumeratorState state) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeInt(state.sampledHosts().size());
        for (String h : state.sampledHosts()) {
            out.writeUTF(h);
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public SystemMetricsEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION_1) {
            throw new IOException("unknown system metrics enumerator state version " + version
                    + " (this build reads " + VERSION_1 + ")");
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        Set<String> hosts = new HashSet<>();
        for (int i = in.readInt(); i > 0; i--) {
            hosts.add(in.readUTF());
        }
        return new SystemMetricsEnumeratorState(hosts);
    }
}
