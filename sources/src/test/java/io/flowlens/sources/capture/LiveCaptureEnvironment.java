package io.flowlens.sources.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.sources.bpf.BpfException;
import io.flowlens.sources.bpf.BpfObject;
import io.flowlens.testkit.Cleanup;
import io.flowlens.testkit.Command;
import io.flowlens.testkit.Requirements;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For live-capture test classes: before them, requires root, a kernel that loads flowlens's programs and the tools
 * used as oracles (failing in CI and skipping elsewhere, see {@link Requirements}); after them, checks that every
 * namespace and link they created is gone.
 */
final class LiveCaptureEnvironment implements BeforeAllCallback, AfterAllCallback {
    private static final int EPERM = 1;
    private static final List<String> TOOLS = List.of("tshark", "dumpcap", "bpftool", "tc");

    @Override
    public void beforeAll(ExtensionContext context) {
        Requirements.requireRoot();
        try (BpfObject probe = BpfObject.load(BpfObject.Options.defaults())) {
            // loaded: the kernel takes our programs
        } catch (BpfException e) {
            // only a missing permission or libbpf is the machine's fault; a verifier rejection is a bug to report
            if (e.errno() != EPERM && !e.operation().contains("libbpf.so")) {
                throw e;
            }
            throw Requirements.unavailable("flowlens's BPF programs cannot be loaded here: " + e.getMessage());
        }
        for (String tool : TOOLS) {
            if (Command.run("sh", "-c", "command -v " + tool).exitCode() != 0) {
                throw Requirements.unavailable(tool + " is not on the PATH (Debian packages tshark, bpftool, iproute2)");
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        assertThat(Cleanup.leftovers()).as("namespaces and links this JVM created and did not remove").isEmpty();
    }
}
