package io.flowlens.sources.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InterfaceSpecTest {
    @Test
    void allMeansUpAndNotLoopback() {
        InterfaceSpec s = InterfaceSpec.parse("all");
        assertThat(s.matches("eth0", true, false)).isTrue();
        assertThat(s.matches("eth1", false, false)).isFalse();
        assertThat(s.matches("lo", true, true)).isFalse();
    }

    @Test
    void listsAndGlobs() {
        InterfaceSpec s = InterfaceSpec.parse("eth0, veth*,lxc?");
        assertThat(s.explicitNames()).containsExactly("eth0");
        assertThat(s.matches("eth0", false, false)).as("a named interface is taken in any state").isTrue();
        assertThat(s.matches("veth12ab", true, false)).isTrue();
        assertThat(s.matches("lxc1", true, false)).isTrue();
        assertThat(s.matches("lxc12", true, false)).isFalse();
        assertThat(s.matches("eth1", true, false)).isFalse();
        assertThat(s.matches("veth.x", true, false)).as("a dot is literal, not a regex").isTrue();
        assertThat(InterfaceSpec.parse("a.b").matches("axb", true, false)).isFalse();
    }

    @Test
    void badSpecsSayWhatIsWrong() {
        assertThatThrownBy(() -> InterfaceSpec.parse("")).hasMessageContaining("no interface");
        assertThatThrownBy(() -> InterfaceSpec.parse("all,eth0")).hasMessageContaining("'all' cannot be combined");
        assertThatThrownBy(() -> InterfaceSpec.parse("averyveryverylongname")).hasMessageContaining("not an interface name");
        assertThatThrownBy(() -> InterfaceSpec.parse("eth0;rm")).hasMessageContaining("not an interface name");
    }
}
