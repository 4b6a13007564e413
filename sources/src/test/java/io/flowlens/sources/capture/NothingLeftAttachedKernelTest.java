package io.flowlens.sources.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.sources.bpf.BpfObject;
import io.flowlens.sources.bpf.KernelTest;
import io.flowlens.sources.bpf.TcAttacher.Mode;
import io.flowlens.testkit.BackgroundProcess;
import io.flowlens.testkit.ChildJvm;
import io.flowlens.testkit.NetNs;
import io.flowlens.testkit.Topology;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Nothing of flowlens stays attached to an interface after close, after its process is killed (TCX links die with
 * it), or, for clsact filters, which outlive their process, after the next start and its close.
 */
@KernelTest
@ExtendWith(LiveCaptureEnvironment.class)
class NothingLeftAttachedKernelTest {
    private static final long SELF = ProcessHandle.current().pid();
    private static final Duration EXIT_LIMIT = Duration.ofSeconds(10);

    private static LiveCapture start(String dev, Mode mode) {
        return LiveCapture.start(InterfaceSpec.parse(dev), BpfObject.Options.defaults(), mode, Duration.ofMinutes(10));
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"TCX", "CLSACT"})
    void closeDetachesEverything(Mode mode) throws InterruptedException {
        try (Topology t = Topology.hostAndNs()) {
            String dev = t.link().host().name();
            AttachPoints.Seen attached;
            try (LiveCapture live = start(dev, mode)) {
                assertThat(live.attachMode()).isEqualTo(mode);
                attached = AttachPoints.seen(SELF, dev, t.link().host().ifindex());
                assertThat(attached.attachments()).as("ingress and egress, as the kernel reports them").hasSize(2);
            }
            assertThat(AttachPoints.awaitEmpty(() -> AttachPoints.leftovers(dev, attached))).isEmpty();
        }
    }

    @Test
    void aKilledOwnerLeavesNoTcxLinks() throws InterruptedException {
        try (Topology t = Topology.hostAndNs()) {
            String dev = t.link().host().name();
            AttachPoints.Seen attached;
            try (BackgroundProcess owner = ChildJvm.start(NetNs.root(), AttachAndWait.class, AttachAndWait.READY, dev, "TCX")) {
                attached = AttachPoints.seen(owner.pid(), dev, t.link().host().ifindex());
                assertThat(attached.attachments()).as(owner.output()).hasSize(2);
                killHard(owner);
            }
            assertThat(AttachPoints.awaitEmpty(() -> AttachPoints.leftovers(dev, attached))).isEmpty();
        }
    }

    /** The next start removes the filters of a killed clsact owner, whichever way it attaches itself. */
    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"TCX", "CLSACT"})
    void aKilledOwnersClsactFiltersGoWithTheNextStartAndItsClose(Mode nextStart) throws InterruptedException {
        try (Topology t = Topology.hostAndNs()) {
            String dev = t.link().host().name();
            int ifindex = t.link().host().ifindex();
            AttachPoints.Seen stale;
            try (BackgroundProcess owner = ChildJvm.start(NetNs.root(), AttachAndWait.class, AttachAndWait.READY, dev, "CLSACT")) {
                stale = AttachPoints.seen(owner.pid(), dev, ifindex);
                assertThat(stale.attachments()).as(owner.output()).hasSize(2);
                killHard(owner);
            }
            assertThat(AttachPoints.seen(SELF, dev, ifindex)).as("clsact filters outlive their process").isEqualTo(stale);

            AttachPoints.Seen fresh;
            try (LiveCapture live = start(dev, nextStart)) {
                fresh = AttachPoints.seen(SELF, dev, ifindex);
                assertThat(fresh.attachments()).as("only the new start's ingress and egress").hasSize(2);
                assertThat(fresh.programIds()).doesNotContainAnyElementsOf(stale.programIds());
                assertThat(AttachPoints.awaitEmpty(() -> AttachPoints.leftovers(dev, stale).stream()
                        .filter(l -> l.startsWith("bpftool prog")).toList()))
                        .as("the stale filters' programs were unloaded with them").isEmpty();
            }
            assertThat(AttachPoints.awaitEmpty(() -> AttachPoints.leftovers(dev, fresh.plus(stale)))).isEmpty();
        }
    }

    private static void killHard(BackgroundProcess owner) {
        owner.signal("KILL");
        assertThat(owner.awaitExit(EXIT_LIMIT)).as("SIGKILL ends the owner").isPresent();
    }
}
