package io.flowlens.sources.packet;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.sources.bpf.KernelTest;
import io.flowlens.sources.bpf.PacketView;
import io.flowlens.testkit.Conversation;
import io.flowlens.testkit.SharedTestData;
import io.flowlens.testkit.TcPrograms;
import io.flowlens.testkit.Topology;
import io.flowlens.testkit.Traffic;
import io.flowlens.testkit.TsharkOracle;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The FLIP-27 PacketSource in a real Flink job (MiniCluster, two slots): capture files replayed by
 * parallel readers give exactly tshark's conversations, and a bounded live capture on a veth ends by
 * itself with the traffic that crossed it.
 */
@KernelTest
class PacketSourcePipelineTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void replayedFilesGiveTsharksConversations() throws Exception {
        List<Path> files = SharedTestData.pcapFiles().stream()
                .filter(p -> p.getFileName().toString().matches("zeek_(http-pipelined-requests|redis-pipelining|dns-queries|http-post)\\.pcap"))
                .toList();
        assertThat(files).hasSize(4);

        List<PacketEvent> events = run(PacketSource.builder(PacketEvent.emitter()).files(files).build());

        List<Conversation> expected = new ArrayList<>();
        for (Path f : files) {
            expected.addAll(TsharkOracle.conversations(f));
        }
        assertThat(conversations(events)).as("conversations of %d files replayed by 2 readers", files.size())
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(events).allSatisfy(e -> assertThat(e.direction).isEqualTo(PacketView.DIR_UNKNOWN));
    }

    @Test
    void boundedLiveCaptureEndsAndSeesThePings() throws Exception {
        try (Topology t = Topology.hostAndNs()) {
            String iface = t.link().host().name();
            String server = t.serverV4().getHostAddress();
            PacketSource<PacketEvent> source = PacketSource.builder(PacketEvent.emitter())
                    .interfaces(iface).duration(Duration.ofSeconds(5)).build();
            List<PacketEvent> events = new ArrayList<>();
            try (CloseableIterator<PacketEvent> it = stream(source)) {
                // the capture runs 5 s from its attach; 10 pings take 2 s
                TcPrograms.awaitTcxLink(t.link().host().ifindex(), Duration.ofSeconds(90));
                assertThat(Traffic.ping(t.client(), server, 10).received()).isEqualTo(10);
                it.forEachRemaining(events::add);
            }

            List<PacketEvent> requests = events.stream()
                    .filter(e -> e.protocol == 1 && e.icmpType == 8 && e.dstAddr.equals(server)).toList();
            List<PacketEvent> replies = events.stream()
                    .filter(e -> e.protocol == 1 && e.icmpType == 0 && e.srcAddr.equals(server)).toList();
            assertThat(requests).as("echo requests captured by the live source").hasSize(10)
                    .allSatisfy(e -> assertThat(e.direction).as("host end: toward the ns is egress").isEqualTo(PacketView.DIR_EGRESS));
            assertThat(replies).hasSize(10)
                    .allSatisfy(e -> assertThat(e.direction).as("from the ns is ingress").isEqualTo(PacketView.DIR_INGRESS));
            assertThat(events).allSatisfy(e -> assertThat(e.ifindex).isEqualTo(t.link().host().ifindex()));
        }
    }

    private static List<PacketEvent> run(PacketSource<PacketEvent> source) throws Exception {
        List<PacketEvent> out = new ArrayList<>();
        try (CloseableIterator<PacketEvent> it = stream(source)) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    private static CloseableIterator<PacketEvent> stream(PacketSource<PacketEvent> source) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "packets").executeAndCollect("packet source test");
    }

    /** tshark's conversation table from the events: A is the first packet's source (each flow is in one file). */
    private static List<Conversation> conversations(List<PacketEvent> events) throws UnknownHostException {
        record Key(int proto, String lo, String hi) {}
        Map<Key, long[]> counts = new LinkedHashMap<>();
        Map<Key, PacketEvent> first = new LinkedHashMap<>();
        for (PacketEvent e : events) {
            if (e.protocol != 6 && e.protocol != 17 || e.srcPort == 0 && e.dstPort == 0) {
                continue; // tshark's conv tables: TCP and UDP with ports
            }
            String s = e.srcAddr + "/" + e.srcPort, d = e.dstAddr + "/" + e.dstPort;
            Key k = s.compareTo(d) <= 0 ? new Key(e.protocol, s, d) : new Key(e.protocol, d, s);
            PacketEvent a = first.computeIfAbsent(k, x -> e);
            long[] c = counts.computeIfAbsent(k, x -> new long[4]);
            int i = a.srcAddr.equals(e.srcAddr) && a.srcPort == e.srcPort ? 0 : 2;
            c[i]++;
            c[i + 1] += e.frameLength;
        }
        List<Conversation> out = new ArrayList<>();
        for (Map.Entry<Key, long[]> en : counts.entrySet()) {
            PacketEvent a = first.get(en.getKey());
            long[] c = en.getValue();
            out.add(new Conversation(a.protocol == 6 ? "tcp" : "udp", InetAddress.getByName(a.srcAddr), a.srcPort,
                    InetAddress.getByName(a.dstAddr), a.dstPort, c[0], c[1], c[2], c[3]));
        }
        return out;
    }
}
