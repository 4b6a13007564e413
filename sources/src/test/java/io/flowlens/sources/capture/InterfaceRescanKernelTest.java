package io.flowlens.sources.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.sources.bpf.BpfObject;
import io.flowlens.sources.bpf.KernelTest;
import io.flowlens.sources.bpf.PacketView;
import io.flowlens.sources.bpf.TcAttacher;
import io.flowlens.sources.capture.FlowTally.PacketSummary;
import io.flowlens.testkit.NetNs;
import io.flowlens.testkit.PingResult;
import io.flowlens.testkit.TcPrograms;
import io.flowlens.testkit.Traffic;
import io.flowlens.testkit.VethPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A glob capture picks up an interface created after it started, captures its traffic, and lets go when it is deleted. */
@KernelTest
@ExtendWith(LiveCaptureEnvironment.class)
class InterfaceRescanKernelTest {
    private static final Duration RESCAN = Duration.ofMillis(100);
    private static final Duration LIMIT = Duration.ofSeconds(15);
    private static final int PINGS = 3;

    @ParameterizedTest
    @EnumSource(value = TcAttacher.Mode.class, names = {"AUTO", "CLSACT"})
    void attachesToANewInterfaceCapturesItAndReleasesItWhenDeleted(TcAttacher.Mode mode) throws InterruptedException {
        // A name only this test uses: a glob like flv* would also attach to other tests' pairs running at the same time.
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        String base = "flr" + HexFormat.of().formatHex(random);
        String hostEnd = base + "a";
        long self = ProcessHandle.current().pid();
        FlowTally tally = new FlowTally();

        try (NetNs ns = NetNs.create();
                LiveCapture live = LiveCapture.start(InterfaceSpec.parse(base + "*"), BpfObject.Options.defaults(),
                        mode, RESCAN)) {
            assertThat(live.interfaces()).as("nothing matches before the pair exists").isEmpty();

            AttachPoints.Seen attached;
            int ifindex;
            try (VethPair pair = VethPair.create(NetNs.root(), ns, base)) {
                ifindex = pair.host().ifindex();
                assertThat(await(() -> live.interfaces().contains(hostEnd)))
                        .as("%s attached within %s; attached: %s", hostEnd, LIMIT, live.interfaces()).isTrue();
                attached = AttachPoints.seen(self, hostEnd, ifindex);
                assertThat(attached.attachments()).as("ingress and egress, as the kernel reports them").hasSize(2);

                PingResult ping = Traffic.ping(NetNs.root(), pair.peer().ipv4().getHostAddress(), PINGS);
                assertThat(ping.received()).as(ping.output()).isEqualTo(PINGS);
                while (live.poll(tally, 10_000) > 0) {
                    // drained in batches
                }
            }
            List<PacketSummary> echoes = tally.packets.stream()
                    .filter(p -> p.ifindex() == ifindex && p.proto() == 1 && (p.icmpType() == 8 || p.icmpType() == 0))
                    .toList();
            assertThat(echoes).extracting(PacketSummary::direction).as("requests out, replies in")
                    .containsExactlyInAnyOrderElementsOf(List.of(
                            PacketView.DIR_EGRESS, PacketView.DIR_EGRESS, PacketView.DIR_EGRESS,
                            PacketView.DIR_INGRESS, PacketView.DIR_INGRESS, PacketView.DIR_INGRESS));

            assertThat(await(() -> live.interfaces().isEmpty()))
                    .as("%s released within %s; attached: %s", hostEnd, LIMIT, live.interfaces()).isTrue();
            live.rescan(); // a rescan after the deletion has nothing to do and must not fail
            assertThat(TcPrograms.linksHeldBy(self, ifindex)).as("the released links' fds are closed").isEmpty();
            assertThat(AttachPoints.awaitEmpty(() -> AttachPoints.leftovers(hostEnd,
                    new AttachPoints.Seen(attached.attachments(), attached.linkIds(), Set.of()))))
                    .as("links of the deleted interface (its programs stay loaded while capturing)").isEmpty();
        }
    }

    private static boolean await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}
