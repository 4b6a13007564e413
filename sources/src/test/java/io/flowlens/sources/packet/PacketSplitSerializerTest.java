package io.flowlens.sources.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowlens.sources.packet.enumerator.PacketEnumeratorState;
import io.flowlens.sources.packet.enumerator.PacketEnumeratorStateSerializer;
import io.flowlens.sources.packet.split.PacketSplit;
import io.flowlens.sources.packet.split.PacketSplitSerializer;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacketSplitSerializerTest {
    @Test
    void splitsRoundTrip() throws IOException {
        for (PacketSplit s : List.of(PacketSplit.live("node-1"),
                PacketSplit.file("/data/x.pcapng").withProgress(1234, new byte[] {1, 2, 3}))) {
            byte[] b = PacketSplitSerializer.INSTANCE.serialize(s);
            assertThat(PacketSplitSerializer.INSTANCE.deserialize(PacketSplitSerializer.INSTANCE.getVersion(), b)).isEqualTo(s);
        }
    }

    @Test
    void enumeratorStateRoundTrips() throws IOException {
        var ser = new PacketEnumeratorStateSerializer();
        var st = new PacketEnumeratorState(List.of(PacketSplit.file("/a.pcap"), PacketSplit.file("/b.pcap")));
        assertThat(ser.deserialize(ser.getVersion(), ser.serialize(st))).isEqualTo(st);
    }

    @Test
    void unknownVersionIsNamed() {
        assertThatThrownBy(() -> PacketSplitSerializer.INSTANCE.deserialize(99, new byte[0]))
                .hasMessageContaining("version 99");
    }
}
