package io.flowlens.sources.bpf;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A closed object refuses calls with a clear error instead of handing libbpf a freed pointer. */
@KernelTest
class BpfObjectClosedTest {
    @Test
    void closedObjectRefusesCalls() {
        BpfObject obj = BpfObject.load(BpfObject.Options.defaults());
        obj.close();
        obj.close(); // idempotent

        assertThatThrownBy(obj::counters).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> obj.programFd(BpfObject.PROG_TC_INGRESS)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> obj.mapFd(BpfObject.MAP_EVENTS)).isInstanceOf(IllegalStateException.class);
    }
}
