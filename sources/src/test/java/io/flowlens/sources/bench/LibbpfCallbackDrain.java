package io.flowlens.sources.bench;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/** libbpf's own ring buffer consumer, one upcall into Java per record: the alternative the mmap reader is measured against. */
final class LibbpfCallbackDrain implements AutoCloseable {
    private static final Linker L = Linker.nativeLinker();
    private static final SymbolLookup LIB = SymbolLookup.libraryLookup("libbpf.so.1", Arena.global());
    private static final MethodHandle NEW = L.downcallHandle(LIB.find("ring_buffer__new").orElseThrow(),
            FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle CONSUME = L.downcallHandle(LIB.find("ring_buffer__consume").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle FREE = L.downcallHandle(LIB.find("ring_buffer__free").orElseThrow(),
            FunctionDescriptor.ofVoid(ADDRESS));

    private final Arena arena = Arena.ofConfined();
    private final MemorySegment rb;
    static long sink;
    private static final io.flowlens.sources.bpf.PacketView VIEW = new io.flowlens.sources.bpf.PacketView();

    /** int sample_cb(void *ctx, void *data, size_t size): reads the same fields as the mmap benchmark. */
    static int onSample(MemorySegment ctx, MemorySegment data, long size) {
        var v = VIEW.wrap(data.reinterpret(size), 0);
        sink += v.saddrLow() ^ v.daddrLow() ^ v.sport() ^ v.dport() ^ v.ipLength() ^ v.tcpFlags() ^ v.tsNanos() ^ v.seq();
        return 0;
    }

    LibbpfCallbackDrain(int mapFd) {
        try {
            MethodHandle cb = MethodHandles.lookup().findStatic(LibbpfCallbackDrain.class, "onSample",
                    MethodType.methodType(int.class, MemorySegment.class, MemorySegment.class, long.class));
            MemorySegment stub = L.upcallStub(cb, FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG), arena);
            rb = (MemorySegment) NEW.invokeExact(mapFd, stub, MemorySegment.NULL, MemorySegment.NULL);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        if (rb.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("ring_buffer__new failed");
        }
    }

    long consumeAll() {
        try {
            long total = 0;
            int n;
            while ((n = (int) CONSUME.invokeExact(rb)) > 0) {
                total += n;
            }
            return total;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public void close() {
        try {
            FREE.invokeExact(rb);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        arena.close();
    }
}
