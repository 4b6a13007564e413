package io.flowlens.sources.packet.enumerator;

import io.flowlens.sources.packet.split.PacketSplit;
import io.flowlens.sources.packet.split.PacketSplitSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** Serializes {@link PacketEnumeratorState} for checkpoints. */
public final class PacketEnumeratorStateSerializer implements SimpleVersionedSerializer<PacketEnumeratorState> {
    static final int VERSION_1 = 1;

    @Override
    public int getVersion() {
        return VERSION_1;
    }

    @Override
    public byte[] serialize(PacketEnumeratorState state) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(128);
        out.writeInt(state.pendingFiles().size());
        for (PacketSplit s : state.pendingFiles()) {
            PacketSplitSerializer.write(s, out);
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public PacketEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION_1) {
            throw new IOException("unknown packet enumerator state version " + version + " (this build reads " + VERSION_1 + ")");
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        List<PacketSplit> files = new ArrayList<>();
        for (int i = in.readInt(); i > 0; i--) {
            files.add(PacketSplitSerializer.read(in));
        }
        return new PacketEnumeratorState(files);
    }
}
