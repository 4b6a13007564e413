package io.flowlens.sources.bpf;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * Consumer of a BPF_MAP_TYPE_RINGBUF map, reading the kernel's pages directly as MemorySegments:
 * no allocation and no native upcall per record (libbpf's ring_buffer__poll calls back into Java
 * for every record, which costs far more than the record; see docs/benchmarks.md).
 *
 * <p>Layout (kernel/bpf/ringbuf.c): page 0 holds consumer_pos (we write it), page 1 producer_pos,
 * then the data area mapped twice in a row so a record that wraps is still contiguous. Each record
 * starts with an 8-byte header: u32 length with BUSY (bit 31) and DISCARD (bit 30) flags, u32 page
 * offset; records are 8-byte aligned.
 *
 * <p>Not thread-safe: one thread consumes. {@link #awaitData} may be called from another thread.
 */
public final class RingBuffer implements AutoCloseable {
    /** Receives one record; the segment is the ring's data area and is valid only during the call. */
    @FunctionalInterface
    public interface RecordHandler {
        void onRecord(MemorySegment data, long offset, int length);

        /** A record that {@link #onRecord} will get next, announced with the rest of its group; may start loads. */
        default void prefetch(MemorySegment data, long offset, int length) {}
    }

    /**
     * Records handed over per group: each group is announced (prefetch) before any of it is handled, so a handler
     * whose per-record state is far beyond the caches overlaps the misses of the group's records. 16 measured best
     * with 100 k flows (ReaderSliceBench: 8 and 32 about as good, 1 about a third slower).
     */
    public static final int GROUP = 16;

    private static final int BUSY = 1 << 31;
    private static final int DISCARD = 1 << 30;
    private static final int HEADER = 8;
    private static final VarHandle LONG = JAVA_LONG.varHandle();
    private static final VarHandle INT = JAVA_INT.varHandle();

    private final int mapFd;
    private final long size;
    private final long mask;
    private final int pageSize;
    private final MemorySegment consumerPage;
    private final MemorySegment producerPages;
    private final MemorySegment data;
    private final int epollFd;
    private final MemorySegment epollEvents;
    private final Arena arena = Arena.ofShared();
    private final long[] groupOffsets = new long[GROUP];
    private final int[] groupLengths = new int[GROUP];
    private volatile boolean closed;

    /**
     * Maps the ring of a loaded object.
     *
     * @param mapFd  the ring buffer map's fd
     * @param size   its max_entries (data area bytes, a power of two)
     */
    public RingBuffer(int mapFd, long size) {
        this.mapFd = mapFd;
        this.size = size;
        this.mask = size - 1;
        this.pageSize = LibC.pageSize();
        this.consumerPage = mmap(pageSize, LibC.PROT_READ | LibC.PROT_WRITE, 0);
        this.producerPages = mmap(pageSize + 2 * size, LibC.PROT_READ, pageSize);
        this.data = producerPages.asSlice(pageSize, 2 * size);
        this.epollFd = BpfException.check("epoll_create1", epoll());
        this.epollEvents = arena.allocate(12 * 4, 8);
    }

    /** Convenience: the "events" ring of a loaded flowlens object. */
    public static RingBuffer of(BpfObject obj) {
        return new RingBuffer(obj.mapFd(BpfObject.MAP_EVENTS), obj.options().ringBytes());
    }

    private MemorySegment mmap(long len, int prot, long offset) {
        MemorySegment state = Native.callState();
        MemorySegment p = BpfObject.call("mmap", () -> (MemorySegment) LibC.MMAP.invokeExact(
                state, MemorySegment.NULL, len, prot, LibC.MAP_SHARED, mapFd, offset));
        if (p.address() == LibC.MAP_FAILED) {
            throw new BpfException("mapping the ring buffer (mmap)", Native.errno(state));
        }
        return p.reinterpret(len);
    }

    private int epoll() {
        MemorySegment state = Native.callState();
        int fd = BpfObject.call("epoll_create1", () -> (int) LibC.EPOLL_CREATE1.invokeExact(state, LibC.EPOLL_CLOEXEC));
        if (fd < 0) {
            return -Native.errno(state);
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ev = a.allocate(12, 4); // struct epoll_event is packed on x86-64: u32 events, u64 data
            ev.set(JAVA_INT, 0, LibC.EPOLLIN);
            int rc = BpfObject.call("epoll_ctl", () -> (int) LibC.EPOLL_CTL.invokeExact(
                    Native.callState(), fd, LibC.EPOLL_CTL_ADD, mapFd, ev));
            if (rc < 0) {
                int errno = Native.errno(Native.callState());
                LibC.close(fd);
                return -errno;
            }
        }
        return fd;
    }

    /**
     * Hands every committed record to the handler, up to {@code maxRecords}, and frees their space.
     *
     * @return records consumed (discarded records are skipped and not counted)
     */
    public int drain(RecordHandler handler, int maxRecords) {
        long cons = (long) LONG.getAcquire(consumerPage, 0L);
        long prod = (long) LONG.getAcquire(producerPages, 0L);
        int n = 0;
        boolean more = true;
        while (more && n < maxRecords) {
            int g = 0;
            while (g < GROUP && n + g < maxRecords) {
                if (cons >= prod) {
                    more = false;
                    break;
                }
                long off = cons & mask;
                int hdr = (int) INT.getAcquire(data, off);
                if ((hdr & BUSY) != 0) {
                    more = false; // reserved but not yet committed: later records must wait for it
                    break;
                }
                int len = hdr & ~(BUSY | DISCARD);
                cons += (len + HEADER + 7) & ~7L;
                if ((hdr & DISCARD) == 0) {
                    groupOffsets[g] = off + HEADER;
                    groupLengths[g++] = len;
                }
            }
            if (g > 1) {
                for (int i = 0; i < g; i++) {
                    handler.prefetch(data, groupOffsets[i], groupLengths[i]);
                }
            }
            for (int i = 0; i < g; i++) {
                handler.onRecord(data, groupOffsets[i], groupLengths[i]);
            }
            n += g;
            LONG.setRelease(consumerPage, 0L, cons); // the group is handled: its space is free (early, on long drains)
        }
        LONG.setRelease(consumerPage, 0L, cons);
        return n;
    }

    /** Bytes committed or reserved but not yet consumed. */
    public long pendingBytes() {
        return (long) LONG.getAcquire(producerPages, 0L) - (long) LONG.getAcquire(consumerPage, 0L);
    }

    public long capacity() {
        return size;
    }

    /**
     * Blocks up to {@code timeoutMillis} until the kernel signals data (it does so only past the
     * wake-up threshold; below it, callers drain on their timer).
     *
     * @return true when woken by the kernel, false on timeout
     */
    public boolean awaitData(int timeoutMillis) {
        if (closed) {
            return false;
        }
        MemorySegment state = Native.callState();
        int rc = BpfObject.call("epoll_wait", () -> (int) LibC.EPOLL_WAIT.invokeExact(state, epollFd, epollEvents, 4, timeoutMillis));
        if (rc < 0 && Native.errno(state) != LibC.EINTR && !closed) {
            throw new BpfException("waiting on the ring buffer (epoll_wait)", Native.errno(state));
        }
        return rc > 0;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        LibC.close(epollFd);
        BpfObject.call("munmap", () -> (int) LibC.MUNMAP.invokeExact(Native.callState(), producerPages, producerPages.byteSize()));
        BpfObject.call("munmap", () -> (int) LibC.MUNMAP.invokeExact(Native.callState(), consumerPage, consumerPage.byteSize()));
        arena.close();
    }
}
