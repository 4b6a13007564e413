package io.flowlens.sources.bpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libbpf finds a tracepoint's id in tracefs; many hosts and containers do not mount it. Mounting it (as the kernel
 * documents, at /sys/kernel/tracing) is harmless and needs the same privileges as loading BPF.
 */
final class Tracefs {
    private static final Logger LOG = LoggerFactory.getLogger(Tracefs.class);
    static final Path ROOT = Path.of("/sys/kernel/tracing");
    // int mount(const char *source, const char *target, const char *fstype, unsigned long flags, const void *data)
    private static final MethodHandle MOUNT = Native.libc("mount",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));

    private Tracefs() {}

    /** Mounts tracefs at /sys/kernel/tracing unless its events are already there; false when it cannot. */
    static synchronized boolean ensureMounted() {
        if (Files.isDirectory(ROOT.resolve("events"))) {
            return true;
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = Native.callState();
            int rc = (int) MOUNT.invokeExact(state, a.allocateFrom("nodev"), a.allocateFrom(ROOT.toString()),
                    a.allocateFrom("tracefs"), 0L, MemorySegment.NULL);
            if (rc != 0) {
                LOG.warn("cannot mount tracefs at {}: {}", ROOT, LibC.strerror(Native.errno(state)));
                return false;
            }
            LOG.info("mounted tracefs at {} (tracepoints need it)", ROOT);
            return true;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }
}
