package io.flowlens.sources.bpf;

/**
 * A libbpf or kernel call failed. The message names the operation, the errno and what the user
 * can do about it (a missing capability, an old kernel, a full memlock limit).
 */
public final class BpfException extends RuntimeException {
    private static final int EPERM = 1, ENOENT = 2, E2BIG = 7, ENOMEM = 12, EACCES = 13, EEXIST = 17, ENODEV = 19,
            EINVAL = 22, ENOTSUP = 95, ENOSPC = 28;

    private final String operation;
    private final int errno;

    public BpfException(String operation, int errno) {
        super(operation + " failed: " + LibC.strerror(errno) + " (errno " + errno + ")" + hint(errno));
        this.operation = operation;
        this.errno = errno;
    }

    public String operation() {
        return operation;
    }

    public int errno() {
        return errno;
    }

    /** Turns a libbpf-style return value (negative errno) into an exception; returns rc when it is not an error. */
    static int check(String operation, int rc) {
        if (rc < 0) {
            throw new BpfException(operation, -rc);
        }
        return rc;
    }

    private static String hint(int errno) {
        return switch (errno) {
            case EPERM -> ": run as root, or grant CAP_BPF, CAP_NET_ADMIN and CAP_PERFMON"
                    + " (and CAP_SYS_RESOURCE on kernels older than 5.11, which charge BPF memory to RLIMIT_MEMLOCK)";
            case EACCES -> ": the kernel's verifier rejected the program (its log is above), or a capability is missing";
            case ENOMEM -> ": raise RLIMIT_MEMLOCK (ulimit -l unlimited) or shrink the ring buffer";
            case ENODEV -> ": the network interface is gone";
            case ENOENT -> ": not found (is the interface or the tracepoint present on this kernel?)";
            case EINVAL, ENOTSUP, E2BIG -> ": this kernel lacks the feature (flowlens needs Linux >= 5.8 with BTF)";
            case EEXIST -> ": already attached";
            case ENOSPC -> ": no space left";
            default -> "";
        };
    }
}
