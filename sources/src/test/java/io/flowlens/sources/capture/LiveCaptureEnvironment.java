package io.flowlens.sources.capture;

import io.flowlens.sources.bpf.BpfException;
import io.flowlens.sources.bpf.BpfObject;
import io.flowlens.testkit.Command;
import io.flowlens.testkit.Requirements;

/** What live-capture tests need: root, a kernel that loads flowlens's programs, and the tools used as oracles. */
final class LiveRequirements {
    private static final int EPERM = 1;

    private LiveRequirements() {}

    /** Fails in CI and skips elsewhere (see {@link Requirements}) when something is missing. */
    static void require(String... tools) {
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
        for (String tool : tools) {
            if (Command.run("sh", "-c", "command -v " + tool).exitCode() != 0) {
                throw Requirements.unavailable(tool + " is not on the PATH (Debian: apt-get install "
                        + switch (tool) {
                            case "tshark", "dumpcap" -> "tshark";
                            case "bpftool" -> "bpftool";
                            case "tc" -> "iproute2";
                            default -> tool;
                        } + ")");
            }
        }
    }
}
