package io.flowlens.sources.bpf;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attaches flowlens's TC programs to an interface's ingress and egress.
 *
 * <p>TCX links (Linux >= 6.6) are preferred: the kernel removes them when the process dies, so a
 * crash leaves nothing behind. Older kernels get a clsact qdisc with cls_bpf direct-action filters
 * under a fixed handle and priority, so filters left by a killed flowlens are found and replaced.
 */
public final class TcAttacher {
    /** How to attach. AUTO tries TCX and falls back to clsact once the kernel says it has no TCX. */
    public enum Mode { AUTO, TCX, CLSACT }

    /** Direction of an attach point. */
    public enum Direction { INGRESS, EGRESS }

    // enum bpf_attach_type (include/uapi/linux/bpf.h); libbpf 1.1's headers predate them.
    private static final int BPF_TCX_INGRESS = 46;
    private static final int BPF_TCX_EGRESS = 47;
    // enum bpf_tc_attach_point
    private static final int BPF_TC_INGRESS = 1;
    private static final int BPF_TC_EGRESS = 2;
    private static final int BPF_TC_F_REPLACE = 1;
    /** Our cls_bpf filter's identity: "fl" in the handle, a late priority so other filters run first. */
    static final int CLSACT_HANDLE = 0xF10E;
    static final int CLSACT_PRIORITY = 0xC0DE;
    private static final int EEXIST = 17, ENOENT = 2, EINVAL = 22, EOPNOTSUPP = 95, ENOTSUPP = 524;

    private static final Logger LOG = LoggerFactory.getLogger(TcAttacher.class);

    private final BpfObject obj;
    private final AtomicReference<Mode> mode;

    public TcAttacher(BpfObject obj, Mode mode) {
        this.obj = obj;
        this.mode = new AtomicReference<>(mode);
    }

    /** The mode in use: AUTO until the first attach decides. */
    public Mode mode() {
        return mode.get();
    }

    /** Attaches to both directions of an interface; close the result to detach. */
    public InterfaceAttachment attach(String ifname) {
        int ifindex = ifindex(ifname);
        removeStaleFilters(ifindex);
        Attachment in = null;
        try {
            in = attachOne(ifname, ifindex, Direction.INGRESS);
            Attachment out = attachOne(ifname, ifindex, Direction.EGRESS);
            return new InterfaceAttachment(ifname, ifindex, in, out);
        } catch (RuntimeException e) {
            if (in != null) {
                in.close();
            }
            throw e;
        }
    }

    private Attachment attachOne(String ifname, int ifindex, Direction dir) {
        int progFd = obj.programFd(dir == Direction.INGRESS ? BpfObject.PROG_TC_INGRESS : BpfObject.PROG_TC_EGRESS);
        Mode m = mode.get();
        if (m != Mode.CLSACT) {
            int type = dir == Direction.INGRESS ? BPF_TCX_INGRESS : BPF_TCX_EGRESS;
            MemorySegment state = Native.callState();
            int fd = BpfObject.call("bpf_link_create",
                    () -> (int) LibBpf.LINK_CREATE.invokeExact(state, progFd, ifindex, type, MemorySegment.NULL));
            if (fd >= 0) {
                mode.compareAndSet(Mode.AUTO, Mode.TCX);
                return new TcxLink(fd);
            }
            int errno = -fd;
            boolean noTcx = errno == EINVAL || errno == EOPNOTSUPP || errno == ENOTSUPP;
            if (m == Mode.TCX || !noTcx) {
                throw new BpfException("attaching to " + ifname + " " + dir.name().toLowerCase() + " with a TCX link", errno);
            }
            LOG.info("kernel has no TCX links (errno {}), attaching with clsact + cls_bpf", errno);
            mode.compareAndSet(Mode.AUTO, Mode.CLSACT);
        }
        return ClsactFilter.attach(ifname, ifindex, dir, progFd);
    }

    /** Removes cls_bpf filters a killed flowlens left behind (TCX links die with their process). */
    private static void removeStaleFilters(int ifindex) {
        for (Direction d : Direction.values()) {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment hook = ClsactFilter.hook(a, ifindex, d);
                MemorySegment opts = ClsactFilter.opts(a, 0);
                int rc = BpfObject.call("bpf_tc_query", () -> (int) LibBpf.TC_QUERY.invokeExact(Native.callState(), hook, opts));
                if (rc == 0) {
                    MemorySegment del = ClsactFilter.opts(a, 0);
                    int drc = BpfObject.call("bpf_tc_detach", () -> (int) LibBpf.TC_DETACH.invokeExact(Native.callState(), hook, del));
                    LOG.info("removed a stale flowlens tc filter on ifindex {} {} (rc {})", ifindex, d, drc);
                }
            }
        }
    }

    static int ifindex(String ifname) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = Native.callState();
            MemorySegment name = a.allocateFrom(ifname);
            int idx = BpfObject.call("if_nametoindex", () -> (int) LibC.IF_NAMETOINDEX.invokeExact(state, name));
            if (idx == 0) {
                throw new BpfException("finding interface '" + ifname + "'", Native.errno(state));
            }
            return idx;
        }
    }

    /** One attach point. */
    public sealed interface Attachment extends AutoCloseable permits TcxLink, ClsactFilter {
        @Override
        void close();
    }

    /** Both directions of one interface. */
    public record InterfaceAttachment(String ifname, int ifindex, Attachment ingress, Attachment egress)
            implements AutoCloseable {
        @Override
        public void close() {
            try {
                egress.close();
            } finally {
                ingress.close();
            }
        }
    }

    /** A TCX link: closing its fd detaches it. */
    static final class TcxLink implements Attachment {
        private int fd;

        TcxLink(int fd) {
            this.fd = fd;
        }

        @Override
        public synchronized void close() {
            if (fd >= 0) {
                LibC.close(fd);
                fd = -1;
            }
        }
    }

    /** A cls_bpf direct-action filter on the interface's clsact qdisc. */
    static final class ClsactFilter implements Attachment {
        private final String ifname;
        private final int ifindex;
        private final Direction dir;
        private boolean attached = true;

        private ClsactFilter(String ifname, int ifindex, Direction dir) {
            this.ifname = ifname;
            this.ifindex = ifindex;
            this.dir = dir;
        }

        static MemorySegment hook(Arena a, int ifindex, Direction d) {
            MemorySegment hook = a.allocate(NativeStructs.TC_HOOK);
            hook.set(JAVA_LONG, 0, NativeStructs.TC_HOOK.byteSize());
            hook.set(JAVA_INT, NativeStructs.offset(NativeStructs.TC_HOOK, "ifindex"), ifindex);
            hook.set(JAVA_INT, NativeStructs.offset(NativeStructs.TC_HOOK, "attach_point"),
                    d == Direction.INGRESS ? BPF_TC_INGRESS : BPF_TC_EGRESS);
            return hook;
        }

        /** Options naming our filter; progFd 0 for query and detach, which need only handle and priority. */
        static MemorySegment opts(Arena a, int progFd) {
            MemorySegment o = a.allocate(NativeStructs.TC_OPTS);
            o.set(JAVA_LONG, 0, NativeStructs.TC_OPTS.byteSize());
            o.set(JAVA_INT, NativeStructs.offset(NativeStructs.TC_OPTS, "handle"), CLSACT_HANDLE);
            o.set(JAVA_INT, NativeStructs.offset(NativeStructs.TC_OPTS, "priority"), CLSACT_PRIORITY);
            if (progFd > 0) {
                o.set(JAVA_INT, NativeStructs.offset(NativeStructs.TC_OPTS, "prog_fd"), progFd);
                o.set(JAVA_INT, NativeStructs.offset(NativeStructs.TC_OPTS, "flags"), BPF_TC_F_REPLACE);
            }
            return o;
        }

        static ClsactFilter attach(String ifname, int ifindex, Direction dir, int progFd) {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment hook = hook(a, ifindex, dir);
                int rc = BpfObject.call("bpf_tc_hook_create", () -> (int) LibBpf.TC_HOOK_CREATE.invokeExact(Native.callState(), hook));
                if (rc < 0 && -rc != EEXIST) {
                    throw new BpfException("creating the clsact qdisc on " + ifname, -rc);
                }
                MemorySegment opts = opts(a, progFd);
                BpfException.check("attaching a cls_bpf filter to " + ifname + " " + dir.name().toLowerCase(),
                        BpfObject.call("bpf_tc_attach", () -> (int) LibBpf.TC_ATTACH.invokeExact(Native.callState(), hook, opts)));
                return new ClsactFilter(ifname, ifindex, dir);
            }
        }

        @Override
        public synchronized void close() {
            if (!attached) {
                return;
            }
            attached = false;
            try (Arena a = Arena.ofConfined()) {
                MemorySegment hook = hook(a, ifindex, dir);
                MemorySegment opts = opts(a, 0);
                int rc = BpfObject.call("bpf_tc_detach", () -> (int) LibBpf.TC_DETACH.invokeExact(Native.callState(), hook, opts));
                // ENOENT/ENODEV: the interface or its qdisc went away, taking the filter with it
                if (rc < 0 && -rc != ENOENT && -rc != 19) {
                    LOG.warn("detaching the tc filter from {} {}: errno {}", ifname, dir, -rc);
                }
            }
        }
    }
}
