package io.flowlens.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.sources.bpf.KernelTest;
import io.flowlens.testkit.Command;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Without root or the BPF capabilities, flowlens says which are missing and exits before starting anything. */
@KernelTest
class RunCommandPrivilegesKernelTest {
    @Test
    void anUnprivilegedUserIsToldWhatIsMissing() {
        String java = ProcessHandle.current().info().command().orElseThrow();
        // root without any capability (so it can still read the classpath): the same JVM and classpath as this test
        Command.Result r = Command.run(Duration.ofSeconds(60), "setpriv", "--bounding-set=-all", "--inh-caps=-all", java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), FlowlensCli.class.getName(),
                "run", "lo", "--duration", "1", "--output", Path.of("/tmp").toString());
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
        assertThat(r.stderr().strip()).startsWith("flowlens: missing privileges").contains("CAP_BPF", "CAP_NET_ADMIN");
    }
}
