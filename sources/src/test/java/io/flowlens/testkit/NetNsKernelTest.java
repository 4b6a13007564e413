package io.flowlens.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("kernel")
class NetNsKernelTest {

    @BeforeAll
    static void needsRoot() {
        Requirements.requireRoot();
    }

    @AfterAll
    static void leavesNothingBehind() {
        assertThat(Cleanup.leftovers()).as("namespaces and links this JVM created and did not remove").isEmpty();
    }

    @Test
    void twoHostsPingEachOtherWithoutLoss() {
        try (Topology t = Topology.twoHosts()) {
            PingResult v4 = Traffic.ping(t.client(), t.serverV4().getHostAddress(), 3);
            PingResult v6 = Traffic.ping(t.client(), t.serverV6().getHostAddress(), 3);

            assertThat(v4.transmitted()).as(v4.output()).isEqualTo(3);
            assertThat(v4.lossPercent()).as(v4.output()).isZero();
            assertThat(v6.transmitted()).as(v6.output()).isEqualTo(3);
            assertThat(v6.lossPercent()).as(v6.output()).isZero();
        }
    }

    @Test
    void hostAndNsKeepsOneEndInTheRootNamespace() {
        try (Topology t = Topology.hostAndNs()) {
            VethPair.End host = t.link().host();

            assertThat(Command.run("ip", "-o", "link", "show", "dev", host.name()).exitCode())
                    .as("%s is visible in the root namespace", host.name()).isZero();
            assertThat(t.client().isRoot()).isTrue();
            PingResult ping = Traffic.ping(t.client(), t.serverV4().getHostAddress(), 3);
            assertThat(ping.lossPercent()).as(ping.output()).isZero();
        }
    }

    @Test
    void vethEndsAreNamedIndexedAndHaveOffloadsOff() {
        try (Topology t = Topology.twoHosts()) {
            for (VethPair.End end : new VethPair.End[] {t.link().host(), t.link().peer()}) {
                assertThat(end.name()).startsWith("flv").hasSizeLessThanOrEqualTo(15);
                assertThat(end.ifindex()).isPositive();
                String features = end.netns().exec("ethtool", "-k", end.name()).checked().stdout();
                assertThat(features).as("offloads of %s", end.name())
                        .contains("tcp-segmentation-offload: off")
                        .contains("generic-segmentation-offload: off")
                        .contains("generic-receive-offload: off")
                        .contains("tx-checksumming: off");
            }
            assertThat(t.link().host().name()).isNotEqualTo(t.link().peer().name());
        }
    }

    @Test
    void keepOffloadsLeavesThemOn() {
        try (NetNs a = NetNs.create(); NetNs b = NetNs.create(); VethPair pair = VethPair.create(a, b, true)) {
            String features = a.exec("ethtool", "-k", pair.host().name()).checked().stdout();

            assertThat(features).contains("generic-segmentation-offload: on");
        }
    }

    @Test
    void execRunsInsideTheNamespace() {
        try (Topology t = Topology.twoHosts()) {
            String server = t.serverV4().getHostAddress();

            assertThat(t.server().exec("ip", "-o", "addr").checked().stdout()).contains(server);
            assertThat(Command.run("ip", "-o", "addr").checked().stdout()).doesNotContain(server + "/");
        }
    }

    @Test
    void closeEndsProcessesAndDeletesTheNamespace() {
        NetNs ns = NetNs.create();
        BackgroundProcess sleeper = ns.start("sleep", "600");
        assertThat(Command.run("ip", "netns", "pids", ns.name()).stdout()).contains(Long.toString(sleeper.pid()));

        ns.close();

        assertThat(sleeper.awaitExit(Duration.ofSeconds(5))).as("sleep was ended").isPresent();
        assertThat(Command.run("ip", "netns", "list").stdout()).doesNotContain(ns.name());
    }

    @Test
    void pairsInOneJvmGetDistinctSubnets() {
        try (Topology first = Topology.twoHosts(); Topology second = Topology.hostAndNs()) {
            assertThat(first.serverV4()).isNotEqualTo(second.serverV4());
            assertThat(first.link().subnet().index()).isNotEqualTo(second.link().subnet().index());
        }
    }
}
