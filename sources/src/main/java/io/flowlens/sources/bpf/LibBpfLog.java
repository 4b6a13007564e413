package io.flowlens.sources.bpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends libbpf's own messages to SLF4J (logger "libbpf") instead of stderr. libbpf reports expected conditions as
 * errors (probing an interface without a clsact qdisc prints "Parent Qdisc doesn't exists"); the failures that
 * matter reach flowlens as return codes and become {@link BpfException}s, so libbpf's warnings go to DEBUG and its
 * info to TRACE. The callback formats libbpf's printf arguments with the C library's vsnprintf.
 */
final class LibBpfLog {
    private static final Logger LOG = LoggerFactory.getLogger("libbpf");
    private static final int LIBBPF_WARN = 0, LIBBPF_INFO = 1;
    private static final int MAX_MESSAGE = 1024;
    // int vsnprintf(char *str, size_t size, const char *format, va_list ap): on x86-64 and arm64 a va_list argument
    // is passed as a pointer, which is what libbpf hands the callback
    private static final MethodHandle VSNPRINTF = Native.downcall(Native.LINKER.defaultLookup(), "vsnprintf",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS), false);
    private static final MethodHandle SET_PRINT = Native.downcall(LibBpf.lookup(), "libbpf_set_print",
            FunctionDescriptor.of(ADDRESS, ADDRESS), false);
    private static boolean installed;

    private LibBpfLog() {}

    /** Routes libbpf's messages to SLF4J from now on (once per JVM). */
    static synchronized void install() {
        if (installed) {
            return;
        }
        try {
            MethodHandle target = MethodHandles.lookup().findStatic(LibBpfLog.class, "print",
                    MethodType.methodType(int.class, int.class, MemorySegment.class, MemorySegment.class));
            MemorySegment stub = Native.LINKER.upcallStub(target,
                    FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), Arena.global());
            MemorySegment stderrPrinter = (MemorySegment) SET_PRINT.invokeExact(stub); // libbpf's default, replaced
            installed = true;
        } catch (Throwable t) {
            LOG.debug("libbpf messages stay on stderr: {}", t.toString());
        }
    }

    /** The callback: int (*)(enum libbpf_print_level, const char *fmt, va_list ap). Never throws into C. */
    private static int print(int level, MemorySegment format, MemorySegment args) {
        try {
            if (level == LIBBPF_WARN ? !LOG.isDebugEnabled() : !LOG.isTraceEnabled()) {
                return 0;
            }
            try (Arena a = Arena.ofConfined()) {
                MemorySegment buf = a.allocate(MAX_MESSAGE);
                int n = (int) VSNPRINTF.invokeExact(buf, (long) MAX_MESSAGE, format, args);
                String message = buf.getString(0).strip();
                if (level == LIBBPF_WARN) {
                    LOG.debug("{}", message);
                } else if (level == LIBBPF_INFO) {
                    LOG.trace("{}", message);
                }
                return n;
            }
        } catch (Throwable t) {
            return 0;
        }
    }
}
