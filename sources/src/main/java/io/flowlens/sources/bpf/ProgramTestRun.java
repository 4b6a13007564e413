package io.flowlens.sources.bpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Runs a loaded TC program on a frame with BPF_PROG_TEST_RUN: how pcap replay puts captured packets
 * through the very program that runs live. Buffers are allocated once; {@link #run} does not allocate.
 * Not thread-safe, but not confined either: a replay worker thread may run what another thread created.
 */
public final class ProgramTestRun implements AutoCloseable {
    /**
     * Largest frame the kernel accepts here: bpf_test_init() limits skb test data to a page minus
     * headroom (NET_SKB_PAD + NET_IP_ALIGN) and tailroom (skb_shared_info). Longer frames are cut to
     * this; their original length still reaches the program as wire_len, and all headers fit.
     */
    public static final int MAX_FRAME = 3072;

    // struct __sk_buff offsets (include/uapi/linux/bpf.h): fields BPF_PROG_TEST_RUN lets us set.
    private static final int SKB_CTX_SIZE = 192;
    private static final long SKB_WIRE_LEN = 160;
    private static final long SKB_GSO_SEGS = 164;
    private static final long SKB_GSO_SIZE = 176;

    // shared, not confined: CaptureReplay creates every worker's test run, and its helper threads run them
    private final Arena arena = Arena.ofShared();
    private final int progFd;
    private final MemorySegment opts;
    private final MemorySegment data;
    private final MemorySegment ctx;
    private final long retvalOff = NativeStructs.offset(NativeStructs.TEST_RUN_OPTS, "retval");
    private final long durationOff = NativeStructs.offset(NativeStructs.TEST_RUN_OPTS, "duration");
    private final long sizeInOff = NativeStructs.offset(NativeStructs.TEST_RUN_OPTS, "data_size_in");
    private final long repeatOff = NativeStructs.offset(NativeStructs.TEST_RUN_OPTS, "repeat");
    private final long sizeOutOff = NativeStructs.offset(NativeStructs.TEST_RUN_OPTS, "data_size_out");
    private final long ctxSizeOutOff = NativeStructs.offset(NativeStructs.TEST_RUN_OPTS, "ctx_size_out");
    private final long ctxInOff = NativeStructs.offset(NativeStructs.TEST_RUN_OPTS, "ctx_in");
    private final long ctxSizeInOff = NativeStructs.offset(NativeStructs.TEST_RUN_OPTS, "ctx_size_in");

    public ProgramTestRun(BpfObject obj, String program) {
        this.progFd = obj.programFd(program);
        this.opts = arena.allocate(NativeStructs.TEST_RUN_OPTS);
        this.data = arena.allocate(MAX_FRAME, 64);
        this.ctx = arena.allocate(SKB_CTX_SIZE, 8);
        opts.set(JAVA_LONG, 0, NativeStructs.TEST_RUN_OPTS.byteSize());
        opts.set(ADDRESS, NativeStructs.offset(NativeStructs.TEST_RUN_OPTS, "data_in"), data);
    }

    /**
     * Whether the kernel will run the program on this frame: BPF_PROG_TEST_RUN refuses (EINVAL) an
     * IPv4 or IPv6 frame too short to hold its IP header, before the program sees it. Such a frame is
     * malformed; replay counts it as such instead of calling the kernel.
     */
    public static boolean kernelAccepts(byte[] frame, int length) {
        if (length < 14) {
            return false;
        }
        int ethertype = ((frame[12] & 0xff) << 8) | (frame[13] & 0xff);
        return switch (ethertype) {
            case 0x0800 -> length >= 14 + 20;
            case 0x86DD -> length >= 14 + 40;
            default -> true;
        };
    }

    /**
     * Runs the program once on {@code frame[0, length)} (an Ethernet frame).
     *
     * @param wireLength the frame's original length (longer than length when the capture truncated it, or when
     *                   the frame is longer than {@link #MAX_FRAME}); only then is a {@code struct __sk_buff}
     *                   passed to set wire_len, because copying one in costs 0.4 of the call's 2.4 µs
     * @return the program's return code
     */
    public int run(byte[] frame, int length, int wireLength) {
        return run(frame, length, wireLength, 1);
    }

    /** Runs the program {@code repeat} times on the frame (for benchmarks); returns the return code. */
    public int run(byte[] frame, int length, int wireLength, int repeat) {
        if (!kernelAccepts(frame, length)) {
            throw new IllegalArgumentException("the kernel refuses a " + length
                    + "-byte frame too short for its Ethernet and IP headers (check kernelAccepts first)");
        }
        int n = Math.min(length, MAX_FRAME);
        MemorySegment.copy(frame, 0, data, JAVA_BYTE, 0, n);
        opts.set(JAVA_INT, sizeInOff, n);
        opts.set(JAVA_INT, repeatOff, repeat);
        // libbpf writes the kernel's output sizes back into opts; a stale one would make the next run fail with ENOSPC
        opts.set(JAVA_INT, sizeOutOff, 0);
        opts.set(JAVA_INT, ctxSizeOutOff, 0);
        if (wireLength > n) {
            // the program reads max(wire_len, len), so only a cut frame needs its length on the wire passed in
            ctx.set(JAVA_INT, SKB_WIRE_LEN, wireLength);
            ctx.set(JAVA_INT, SKB_GSO_SEGS, 0);
            ctx.set(JAVA_INT, SKB_GSO_SIZE, 0);
            opts.set(ADDRESS, ctxInOff, ctx);
            opts.set(JAVA_INT, ctxSizeInOff, SKB_CTX_SIZE);
        } else {
            // without ctx_in the kernel leaves wire_len and the gso fields 0, as the branch above sets them
            opts.set(ADDRESS, ctxInOff, MemorySegment.NULL);
            opts.set(JAVA_INT, ctxSizeInOff, 0);
        }
        int fd = progFd;
        MemorySegment o = opts;
        BpfException.check("running the TC program on a packet (BPF_PROG_TEST_RUN)",
                BpfObject.call("bpf_prog_test_run_opts", () -> (int) LibBpf.PROG_TEST_RUN.invokeExact(Native.callState(), fd, o)));
        return opts.get(JAVA_INT, retvalOff);
    }

    /** Mean ns per run of the last call, as measured by the kernel. */
    public int lastDurationNanos() {
        return opts.get(JAVA_INT, durationOff);
    }

    @Override
    public void close() {
        arena.close();
    }
}
