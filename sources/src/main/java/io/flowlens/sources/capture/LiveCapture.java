package io.flowlens.sources.capture;

import io.flowlens.sources.bpf.BpfException;
import io.flowlens.sources.bpf.BpfObject;
import io.flowlens.sources.bpf.CounterSnapshot;
import io.flowlens.sources.bpf.RingBuffer;
import io.flowlens.sources.bpf.TcAttacher;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live capture on this host: loads the kernel object, attaches to every interface the spec matches
 * (re-checked every {@code rescan} so pods' interfaces are picked up and released), and drains the
 * ring buffer on demand. One per host; the ring is consumed by one thread.
 */
public final class LiveCapture implements PacketCapture {
    private static final Logger LOG = LoggerFactory.getLogger(LiveCapture.class);

    private final InterfaceSpec spec;
    private final BpfObject obj;
    private final RingBuffer ring;
    private final TcAttacher attacher;
    private final RecordDispatcher dispatcher;
    private final Map<Integer, TcAttacher.InterfaceAttachment> attached = new HashMap<>();
    private final ScheduledExecutorService rescanner;
    /** Held while the ring's memory is in use, so close() cannot unmap it under a poll or wait. */
    private final ReentrantLock ringLock = new ReentrantLock();
    private volatile boolean closed;

    private LiveCapture(InterfaceSpec spec, BpfObject obj, TcAttacher.Mode mode) {
        this.spec = spec;
        this.obj = obj;
        this.ring = RingBuffer.of(obj);
        this.attacher = new TcAttacher(obj, mode);
        this.dispatcher = new RecordDispatcher(ClockMapping.measure()::toEpochNanos);
        this.rescanner = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "flowlens-interface-rescan");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts capturing. Explicitly named interfaces must exist now (a clear error otherwise); globs
     * and {@code all} may match nothing yet.
     */
    public static LiveCapture start(InterfaceSpec spec, BpfObject.Options options, TcAttacher.Mode mode, Duration rescan) {
        NetInterfaces.requireExisting(spec.explicitNames());
        BpfObject obj = BpfObject.load(options);
        LiveCapture c = null;
        try {
            c = new LiveCapture(spec, obj, mode);
            c.rescan();
            if (options.oomTracepoint()) {
                try {
                    obj.attachOomTracepoint();
                } catch (BpfException e) {
                    LOG.warn("OOM kills will not be counted: {}", e.getMessage());
                }
            }
            LiveCapture self = c;
            long ms = Math.max(10, rescan.toMillis());
            c.rescanner.scheduleWithFixedDelay(self::rescanQuietly, ms, ms, TimeUnit.MILLISECONDS);
            return c;
        } catch (RuntimeException e) {
            if (c != null) {
                c.close();
            } else {
                obj.close();
            }
            throw e;
        }
    }

    private void rescanQuietly() {
        try {
            rescan();
        } catch (RuntimeException e) {
            LOG.warn("interface rescan failed (will retry): {}", e.getMessage());
        }
    }

    /** Attaches to interfaces that now match and releases ones that vanished or stopped matching. */
    public synchronized void rescan() {
        if (closed) {
            return;
        }
        Map<Integer, String> wanted = new HashMap<>();
        for (NetInterfaces.NetInterface i : NetInterfaces.list()) {
            if (spec.matches(i.name(), i.up(), i.loopback())) {
                wanted.put(i.ifindex(), i.name());
            }
        }
        attached.entrySet().removeIf(e -> {
            TcAttacher.InterfaceAttachment a = e.getValue();
            if (a.ifname().equals(wanted.get(e.getKey()))) {
                return false;
            }
            a.close(); // gone, renamed or no longer matching; the kernel already dropped TCX links of a deleted device
            LOG.info("released interface {} (ifindex {})", a.ifname(), a.ifindex());
            return true;
        });
        for (Map.Entry<Integer, String> w : wanted.entrySet()) {
            if (attached.containsKey(w.getKey())) {
                continue;
            }
            try {
                TcAttacher.InterfaceAttachment a = attacher.attach(w.getValue());
                attached.put(a.ifindex(), a);
                LOG.info("capturing on {} (ifindex {}, {})", a.ifname(), a.ifindex(), attacher.mode());
            } catch (BpfException e) {
                if (spec.explicitNames().contains(w.getValue())) {
                    throw e;
                }
                LOG.warn("cannot attach to {}: {}", w.getValue(), e.getMessage()); // e.g. deleted meanwhile
            }
        }
    }

    /** Names of the interfaces captured on now. */
    public synchronized Set<String> interfaces() {
        Set<String> s = new TreeSet<>();
        attached.values().forEach(a -> s.add(a.ifname()));
        return s;
    }

    /** The attach mode in use (TCX or CLSACT once something is attached). */
    public TcAttacher.Mode attachMode() {
        return attacher.mode();
    }

    @Override
    public int poll(CaptureHandler handler, int max) {
        ringLock.lock();
        try {
            return closed ? 0 : ring.drain(dispatcher.target(handler), max);
        } finally {
            ringLock.unlock();
        }
    }

    @Override
    public boolean isFinished() {
        return false;
    }

    @Override
    public void awaitData(int timeoutMillis) {
        ringLock.lock();
        try {
            if (!closed && ring.pendingBytes() == 0) {
                ring.awaitData(timeoutMillis);
            }
        } finally {
            ringLock.unlock();
        }
    }

    /** Bytes waiting in the ring. */
    public long pendingBytes() {
        ringLock.lock();
        try {
            return closed ? 0 : ring.pendingBytes();
        } finally {
            ringLock.unlock();
        }
    }

    @Override
    public CounterSnapshot counters() {
        return obj.counters();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        rescanner.shutdownNow();
        List<TcAttacher.InterfaceAttachment> toClose;
        synchronized (this) {
            toClose = List.copyOf(attached.values());
            attached.clear();
        }
        for (TcAttacher.InterfaceAttachment a : toClose) {
            try {
                a.close();
            } catch (RuntimeException e) {
                LOG.warn("detaching from {}: {}", a.ifname(), e.getMessage());
            }
        }
        ringLock.lock();
        try {
            ring.close();
        } finally {
            ringLock.unlock();
        }
        obj.close();
    }
}
