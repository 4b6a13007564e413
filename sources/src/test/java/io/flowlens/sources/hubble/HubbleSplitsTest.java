package io.flowlens.sources.hubble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowlens.sources.hubble.enumerator.HubbleEnumeratorState;
import io.flowlens.sources.hubble.enumerator.HubbleEnumeratorStateSerializer;
import io.flowlens.sources.hubble.enumerator.HubbleSplitEnumerator;
import io.flowlens.sources.hubble.split.HubbleSplit;
import io.flowlens.sources.hubble.split.HubbleSplitSerializer;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.mocks.MockSplitEnumeratorContext;
import org.junit.jupiter.api.Test;

/** Hubble splits: one for a relay or a file, one per node for sockets; serializers round-trip and name bad versions. */
class HubbleSplitsTest {
    @Test
    void splitSerializerRoundTrips() throws IOException {
        HubbleSplit s = new HubbleSplit(HubbleSplit.Kind.SOCKET, "unix:///var/run/cilium/hubble.sock", "node-1", 1_700_000_000_123_456_789L);
        HubbleSplitSerializer ser = HubbleSplitSerializer.INSTANCE;
        assertThat(ser.deserialize(ser.getVersion(), ser.serialize(s))).isEqualTo(s);
        assertThatThrownBy(() -> ser.deserialize(99, ser.serialize(s))).hasMessageContaining("version 99");
    }

    @Test
    void enumeratorStateSerializerRoundTrips() throws IOException {
        HubbleEnumeratorState st = new HubbleEnumeratorState(Set.of("hubble:relay:localhost:4245", "hubble:file:/x"));
        HubbleEnumeratorStateSerializer ser = new HubbleEnumeratorStateSerializer();
        assertThat(ser.deserialize(ser.getVersion(), ser.serialize(st))).isEqualTo(st);
        assertThatThrownBy(() -> ser.deserialize(7, new byte[0])).hasMessageContaining("version 7");
    }

    @Test
    void aRelayIsOneSplitForTheFirstReader() throws Exception {
        try (MockSplitEnumeratorContext<HubbleSplit> ctx = new MockSplitEnumeratorContext<>(3)) {
            HubbleSplitEnumerator e = new HubbleSplitEnumerator(ctx, HubbleSplit.Kind.RELAY, "localhost:4245",
                    new HubbleEnumeratorState(Set.of()));
            for (int i = 0; i < 3; i++) {
                ctx.registerReader(new ReaderInfo(i, "host-" + i));
                e.addReader(i);
            }
            assertThat(ctx.getSplitsAssignmentSequence()).as("one split for the cluster").hasSize(1);
            assertThat(ctx.getSplitsAssignmentSequence().get(0).assignment()).containsOnlyKeys(0);
            // the reader fails: its split goes to the next reader that registers, from where it had got
            HubbleSplit progressed = new HubbleSplit(HubbleSplit.Kind.RELAY, "localhost:4245", "", 42);
            e.addSplitsBack(List.of(progressed), 0);
            e.addReader(0);
            assertThat(ctx.getSplitsAssignmentSequence()).hasSize(2);
            assertThat(ctx.getSplitsAssignmentSequence().get(1).assignment().get(0)).containsExactly(progressed);
        }
    }

    @Test
    void socketsAreOneSplitPerNode() throws Exception {
        try (MockSplitEnumeratorContext<HubbleSplit> ctx = new MockSplitEnumeratorContext<>(4)) {
            HubbleSplitEnumerator e = new HubbleSplitEnumerator(ctx, HubbleSplit.Kind.SOCKET, HubbleConnection.DEFAULT_SOCKET,
                    new HubbleEnumeratorState(Set.of()));
            String[] hosts = {"node-a", "node-a", "node-b", "node-b"};
            for (int i = 0; i < hosts.length; i++) {
                ctx.registerReader(new ReaderInfo(i, hosts[i]));
                e.addReader(i);
            }
            assertThat(ctx.getSplitsAssignmentSequence()).as("one split per node").hasSize(2);
            assertThat(ctx.getSplitsAssignmentSequence().get(0).assignment().get(0).get(0).host()).isEqualTo("node-a");
            assertThat(ctx.getSplitsAssignmentSequence().get(1).assignment().get(2).get(0).host()).isEqualTo("node-b");
            // restored from a checkpoint: the readers have their splits back from their own state
            HubbleSplitEnumerator restored = new HubbleSplitEnumerator(ctx, HubbleSplit.Kind.SOCKET,
                    HubbleConnection.DEFAULT_SOCKET, e.snapshotState(1));
            restored.addReader(0);
            assertThat(ctx.getSplitsAssignmentSequence()).as("nothing handed out twice").hasSize(2);
        }
    }

    @Test
    void connectionsAreChecked() {
        assertThat(HubbleConnection.plain("localhost:4245").tls()).isFalse();
        assertThat(HubbleConnection.plain("tls://relay.kube-system:443").tls()).isTrue();
        assertThat(HubbleConnection.plain("tls://relay.kube-system:443").hostAndPort()).containsExactly("relay.kube-system", "443");
        assertThat(HubbleConnection.plain("[::1]:4245").hostAndPort()).containsExactly("::1", "4245");
        assertThat(HubbleConnection.plain(HubbleConnection.DEFAULT_SOCKET).socketPath()).hasToString("/var/run/cilium/hubble.sock");
        assertThatThrownBy(() -> HubbleConnection.plain("relay")).hasMessageContaining("is not host:port");
        assertThatThrownBy(() -> HubbleConnection.plain("relay:99999")).hasMessageContaining("no valid port");
        assertThatThrownBy(() -> new HubbleConnection("relay:4245", null, "c.pem", null, null))
                .hasMessageContaining("both a client certificate and its key");
    }
}
