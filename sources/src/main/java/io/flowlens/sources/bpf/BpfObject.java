package io.flowlens.sources.bpf;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * flowlens's kernel object (bpf/flowlens.bpf.o from the jar) opened and loaded through libbpf.
 * Owns the libbpf object: closing it unloads the programs and maps (attachments hold their own
 * references and must be closed first).
 */
public final class BpfObject implements AutoCloseable {
    public static final String PROG_TC_INGRESS = "fl_tc_ingress";
    public static final String PROG_TC_EGRESS = "fl_tc_egress";
    public static final String PROG_OOM = "fl_oom_mark_victim";
    public static final String MAP_EVENTS = "events";
    public static final String MAP_COUNTERS = "counters";

    private static final String RESOURCE = "/io/flowlens/bpf/flowlens.bpf.o";
    private static final Path OOM_FORMAT = Path.of("/sys/kernel/tracing/events/oom/mark_victim/format");

    /**
     * Load-time settings.
     *
     * @param payloadCap   payload bytes exported per L7 signature match (1..256; a TLS ClientHello always gets 256)
     * @param ringBytes    ring buffer size: a power of two, at least one page
     * @param wakeupBytes  queued bytes after which the kernel wakes the reader (below that it drains on a timer)
     * @param oomTracepoint load the OOM-kill tracepoint program too (live capture only)
     */
    public record Options(int payloadCap, long ringBytes, long wakeupBytes, boolean oomTracepoint) {
        public Options {
            if (payloadCap < 1 || payloadCap > RecordLayouts.PAYLOAD_MAX) {
                throw new IllegalArgumentException("payload cap must be 1.." + RecordLayouts.PAYLOAD_MAX + ", got " + payloadCap);
            }
            if (Long.bitCount(ringBytes) != 1 || ringBytes < LibC.pageSize() || ringBytes > (1L << 30)) {
                throw new IllegalArgumentException("ring buffer size must be a power of two between one page and 1 GiB, got " + ringBytes);
            }
            if (wakeupBytes < 0 || wakeupBytes > ringBytes) {
                throw new IllegalArgumentException("wake-up threshold must be 0..ring size, got " + wakeupBytes);
            }
        }

        public static Options defaults() {
            return new Options(RecordLayouts.PAYLOAD_MAX, 16L << 20, 4L << 20, false);
        }

        public Options withPayloadCap(int cap) {
            return new Options(cap, ringBytes, wakeupBytes, oomTracepoint);
        }

        public Options withRing(long bytes, long wakeup) {
            return new Options(payloadCap, bytes, wakeup, oomTracepoint);
        }

        public Options withOomTracepoint(boolean on) {
            return new Options(payloadCap, ringBytes, wakeupBytes, on);
        }
    }

    /** Holds the ELF image libbpf points into, and the counter buffers; closed after bpf_object__close. */
    private final Arena arena;
    private final MemorySegment obj;
    private final Options options;
    private final int ncpus;
    private final MemorySegment counterKey;
    private final MemorySegment counterValue;
    private MemorySegment oomLink = MemorySegment.NULL;

    private BpfObject(MemorySegment obj, Options options, Arena arena) {
        this.arena = arena;
        this.obj = obj;
        this.options = options;
        this.ncpus = call("libbpf_num_possible_cpus", () -> (int) LibBpf.NUM_POSSIBLE_CPUS.invokeExact(Native.callState()));
        this.counterKey = arena.allocate(JAVA_INT);
        this.counterValue = arena.allocate((long) ncpus * Counter.SLOTS * 8, 8);
    }

    /** Opens the object from the jar, applies the options and loads it into the kernel. */
    public static BpfObject load(Options options) {
        LibBpfLog.install();
        byte[] elf = readResource();
        Arena scratch = Arena.ofConfined();
        Arena owned = Arena.ofShared();
        try (scratch) {
            MemorySegment buf = owned.allocate(elf.length, 8); // libbpf keeps pointers into it until the object closes
            buf.copyFrom(MemorySegment.ofArray(elf));
            MemorySegment opts = scratch.allocate(NativeStructs.OBJECT_OPEN_OPTS);
            opts.set(JAVA_LONG, 0, NativeStructs.OBJECT_OPEN_OPTS.byteSize());
            opts.set(java.lang.foreign.ValueLayout.ADDRESS, NativeStructs.offset(NativeStructs.OBJECT_OPEN_OPTS, "object_name"),
                    scratch.allocateFrom("flowlens"));
            MemorySegment state = Native.callState();
            MemorySegment obj;
            try {
                obj = (MemorySegment) LibBpf.OBJECT_OPEN_MEM.invokeExact(state, buf, (long) elf.length, opts);
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
            if (obj.equals(MemorySegment.NULL)) {
                owned.close();
                throw new BpfException("opening the BPF object", Native.errno(state));
            }
            BpfObject o = new BpfObject(obj, options, owned);
            try {
                o.configure(scratch);
                BpfException.check("loading the BPF programs (bpf_object__load)",
                        call("bpf_object__load", () -> (int) LibBpf.OBJECT_LOAD.invokeExact(Native.callState(), obj)));
                return o;
            } catch (RuntimeException e) {
                o.close();
                throw e;
            }
        }
    }

    private void configure(Arena scratch) {
        boolean oomDetails = oomHasDetails();
        MemorySegment rodata = map(".rodata");
        MemorySegment psize = scratch.allocate(JAVA_LONG);
        MemorySegment init = call("bpf_map__initial_value",
                () -> (MemorySegment) LibBpf.MAP_INITIAL_VALUE.invokeExact(Native.callState(), rodata, psize));
        long size = psize.get(JAVA_LONG, 0);
        if (init.equals(MemorySegment.NULL) || size != RecordLayouts.CONFIG.byteSize()) {
            throw new IllegalStateException("BPF object's .rodata is " + size + " bytes, expected struct fl_config ("
                    + RecordLayouts.CONFIG.byteSize() + "): the object and this jar do not match");
        }
        MemorySegment cfg = init.reinterpret(size);
        cfg.set(JAVA_LONG, RecordLayouts.offset(RecordLayouts.CONFIG, "wakeup_bytes"), options.wakeupBytes());
        cfg.set(JAVA_INT, RecordLayouts.offset(RecordLayouts.CONFIG, "payload_cap"), options.payloadCap());
        cfg.set(JAVA_BYTE, RecordLayouts.offset(RecordLayouts.CONFIG, "oom_has_details"), (byte) (oomDetails ? 1 : 0));

        MemorySegment events = map(MAP_EVENTS);
        BpfException.check("sizing the ring buffer", call("bpf_map__set_max_entries",
                () -> (int) LibBpf.MAP_SET_MAX_ENTRIES.invokeExact(Native.callState(), events, (int) options.ringBytes())));
        MemorySegment oom = program(PROG_OOM);
        boolean autoload = options.oomTracepoint();
        BpfException.check("choosing programs to load", call("bpf_program__set_autoload",
                () -> (int) LibBpf.PROGRAM_SET_AUTOLOAD.invokeExact(Native.callState(), oom, autoload)));
    }

    /** Newer kernels (>= 6.x) give mark_victim comm, total_vm and anon_rss at fixed offsets; older ones only pid. */
    private static boolean oomHasDetails() {
        Tracefs.ensureMounted();
        try {
            String f = Files.readString(OOM_FORMAT);
            return f.contains("comm;\toffset:12;") && f.contains("total_vm;\toffset:16;") && f.contains("anon_rss;\toffset:24;");
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    private static byte[] readResource() {
        try (InputStream in = BpfObject.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath: build the bpf module first (bin/flowlens build)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Options options() {
        return options;
    }

    /** File descriptor of a loaded program. */
    public int programFd(String name) {
        MemorySegment p = program(name);
        return BpfException.check("bpf_program__fd(" + name + ")",
                call("bpf_program__fd", () -> (int) LibBpf.PROGRAM_FD.invokeExact(Native.callState(), p)));
    }

    /** File descriptor of a map. */
    public int mapFd(String name) {
        MemorySegment m = map(name);
        return BpfException.check("bpf_map__fd(" + name + ")",
                call("bpf_map__fd", () -> (int) LibBpf.MAP_FD.invokeExact(Native.callState(), m)));
    }

    /** Reads and sums the per-CPU counters. Thread-safe. */
    public synchronized CounterSnapshot counters() {
        int fd = mapFd(MAP_COUNTERS);
        counterKey.set(JAVA_INT, 0, 0);
        BpfException.check("reading the counters map", call("bpf_map_lookup_elem",
                () -> (int) LibBpf.MAP_LOOKUP_ELEM.invokeExact(Native.callState(), fd, counterKey, counterValue)));
        long[] sums = new long[Counter.values().length];
        for (int cpu = 0; cpu < ncpus; cpu++) {
            for (int i = 0; i < sums.length; i++) {
                sums[i] += counterValue.get(JAVA_LONG, ((long) cpu * Counter.SLOTS + i) * 8);
            }
        }
        return new CounterSnapshot(sums);
    }

    /** Attaches the OOM-kill tracepoint (load with {@code oomTracepoint=true}); detached on close. */
    public synchronized void attachOomTracepoint() {
        if (!options.oomTracepoint()) {
            throw new IllegalStateException("the OOM tracepoint program was not loaded (Options.oomTracepoint)");
        }
        MemorySegment p = program(PROG_OOM);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = Native.callState();
            MemorySegment link = call("bpf_program__attach_tracepoint", () -> (MemorySegment)
                    LibBpf.PROGRAM_ATTACH_TRACEPOINT.invokeExact(state, p, a.allocateFrom("oom"), a.allocateFrom("mark_victim")));
            if (link.equals(MemorySegment.NULL)) {
                throw new BpfException("attaching tracepoint oom/mark_victim", Native.errno(state));
            }
            oomLink = link;
        }
    }

    private MemorySegment program(String name) {
        ensureOpen();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment n = a.allocateFrom(name);
            MemorySegment p = call("bpf_object__find_program_by_name",
                    () -> (MemorySegment) LibBpf.OBJECT_FIND_PROGRAM.invokeExact(Native.callState(), obj, n));
            if (p.equals(MemorySegment.NULL)) {
                throw new IllegalStateException("program " + name + " not in the BPF object");
            }
            return p;
        }
    }

    private MemorySegment map(String name) {
        ensureOpen();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment n = a.allocateFrom(name);
            MemorySegment m = call("bpf_object__find_map_by_name",
                    () -> (MemorySegment) LibBpf.OBJECT_FIND_MAP.invokeExact(Native.callState(), obj, n));
            if (m.equals(MemorySegment.NULL)) {
                throw new IllegalStateException("map " + name + " not in the BPF object");
            }
            return m;
        }
    }

    /** bpf_object__close frees the object: a lookup after it would read freed memory (seen returning NULL). */
    private void ensureOpen() {
        if (!arena.scope().isAlive()) {
            throw new IllegalStateException("the BPF object is closed");
        }
    }

    @Override
    public synchronized void close() {
        if (!oomLink.equals(MemorySegment.NULL)) {
            MemorySegment l = oomLink;
            oomLink = MemorySegment.NULL;
            call("bpf_link__destroy", () -> (int) LibBpf.LINK_DESTROY.invokeExact(Native.callState(), l));
        }
        if (arena.scope().isAlive()) {
            call("bpf_object__close", () -> {
                LibBpf.OBJECT_CLOSE.invokeExact(Native.callState(), obj);
                return 0;
            });
            arena.close();
        }
    }

    @FunctionalInterface
    interface NativeCall<T> {
        T invoke() throws Throwable;
    }

    /** Runs a downcall; downcalls only throw on a binding bug, which is an AssertionError. */
    static <T> T call(String name, NativeCall<T> c) {
        try {
            return c.invoke();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("downcall " + name + " failed", t);
        }
    }
}
