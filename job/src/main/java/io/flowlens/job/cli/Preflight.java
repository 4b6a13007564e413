package io.flowlens.job.cli;

import io.flowlens.job.RunOptions;
import io.flowlens.job.sink.DatasetSinks;
import io.flowlens.sources.capture.InterfaceSpec;
import io.flowlens.sources.capture.NetInterfaces;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Checks what would otherwise fail minutes into a run: privileges, interfaces, the output directory. */
final class Preflight {
    // capability numbers (linux/capability.h)
    private static final int CAP_NET_ADMIN = 12, CAP_SYS_ADMIN = 21, CAP_PERFMON = 38, CAP_BPF = 39;

    private Preflight() {}

    static void check(RunOptions o) {
        privileges(o.replay());
        if (!o.replay()) {
            NetInterfaces.requireExisting(InterfaceSpec.parse(o.interfaces()).explicitNames());
        }
        if (!Files.isReadable(Path.of("/sys/kernel/btf/vmlinux"))) {
            throw new IllegalStateException("this kernel has no BTF (/sys/kernel/btf/vmlinux): flowlens needs Linux >= 5.8 "
                    + "built with CONFIG_DEBUG_INFO_BTF");
        }
        DatasetSinks.checkWritable(o.output());
    }

    /** Loading BPF needs CAP_BPF (or CAP_SYS_ADMIN); attaching at TC also CAP_NET_ADMIN; reading time CAP_PERFMON. */
    static void privileges(boolean replay) {
        BigInteger caps = effectiveCapabilities();
        List<String> missing = new ArrayList<>();
        boolean sysAdmin = caps.testBit(CAP_SYS_ADMIN);
        if (!caps.testBit(CAP_BPF) && !sysAdmin) {
            missing.add("CAP_BPF");
        }
        if (!replay && !caps.testBit(CAP_NET_ADMIN)) {
            missing.add("CAP_NET_ADMIN");
        }
        if (!caps.testBit(CAP_PERFMON) && !sysAdmin) {
            missing.add("CAP_PERFMON");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("missing privileges " + String.join(", ", missing) + ": run as root (sudo) or "
                    + "grant them, e.g. setcap or the pod's securityContext.capabilities");
        }
    }

    private static BigInteger effectiveCapabilities() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    return new BigInteger(line.substring(7).strip(), 16);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/status to check privileges: " + e.getMessage(), e);
        }
        throw new IllegalStateException("no CapEff line in /proc/self/status");
    }
}
