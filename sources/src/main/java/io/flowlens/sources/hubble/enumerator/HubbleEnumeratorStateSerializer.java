package io.flowlens.sources.hubble.enumerator;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** Serializes {@link HubbleEnumeratorState} for checkpoints. */
public final class HubbleEnumeratorStateSerializer implements SimpleVersionedSerializer<HubbleEnumeratorState> {
    static final int VERSION_1 = 1;

    @Override
    public int getVersion() {
        return VERSION_1;
    }

    @Override
    public byte[] serialize(HubbleEnumeratorState state) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeInt(state.assignedSplitIds().size());
        for (String id : state.assignedSplitIds()) {
            out.writeUTF(id);
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public HubbleEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION_1) {
            throw new IOException("unknown Hubble enumerator state version " + version + " (this build reads " + VERSION_1 + ")");
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        Set<String> ids = new HashSet<>();
        for (int i = in.readInt(); i > 0; i--) {
            ids.add(in.readUTF());
        }
        return new HubbleEnumeratorState(ids);
    }
}
