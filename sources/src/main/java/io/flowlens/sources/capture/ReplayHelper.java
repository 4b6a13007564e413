package io.flowlens.sources.capture;

import io.flowlens.sources.bpf.BpfObject;
import java.util.concurrent.locks.LockSupport;

/**
 * A thread that runs one worker's share of each batch while the polling thread runs its own: how replay uses a
 * second core, since one thread cannot make more than about 400 k BPF_PROG_TEST_RUN calls/s. The handshake is two
 * volatile counters (posted, done); writes to the batch before {@link #start} are visible to the helper, and its
 * record writes are visible after {@link #await}. No allocation per batch.
 *
 * <p>The thread loads its own lane first (a load is ~0.2 s of verifier work, so the polling thread loads its lane
 * meanwhile instead of waiting twice as long) and frees it when it stops.
 */
final class ReplayHelper implements AutoCloseable {
    // A helper's share of a batch takes ~0.6 ms, the polling thread's reading and handing over between batches about
    // a tenth of that: spinning through such gaps saves a scheduler round trip per batch; spinning longer would only
    // burn a core someone else could use, so past 0.2 ms the waiting thread parks.
    private static final long SPIN_NANOS = 200_000;
    private static final long PARK_NANOS = 1_000_000;

    private volatile ReplayLane lane;
    private volatile boolean loaded;
    private final int worker;
    private final Thread thread;
    private volatile ReplayBatch batch;
    private volatile long posted;
    private volatile long done;
    private volatile boolean stopping;
    private volatile Thread waiter;
    private volatile RuntimeException failure;

    /** Starts the thread, which loads a private kernel object; {@link #awaitLoaded} waits for it. */
    ReplayHelper(BpfObject.Options options, int worker, String name) {
        this.worker = worker;
        this.waiter = Thread.currentThread();
        this.thread = Thread.ofPlatform().name(name).daemon().unstarted(() -> loadAndLoop(options));
        thread.start();
    }

    /** Waits until the thread loaded its lane, and returns it; rethrows the load's failure. */
    ReplayLane awaitLoaded() {
        while (!loaded) {
            LockSupport.parkNanos(this, PARK_NANOS);
        }
        rethrowFailure();
        return lane;
    }

    /** Hands the helper its share of {@code b}; returns at once. */
    void start(ReplayBatch b) {
        batch = b;
        waiter = Thread.currentThread();
        posted = posted + 1; // only the polling thread writes posted
        LockSupport.unpark(thread);
    }

    /** Waits until the helper finished the batch of the last {@link #start}; rethrows what it failed with. */
    void await() {
        long target = posted;
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        while (done != target) {
            pause(spinUntil);
        }
        rethrowFailure();
    }

    /** One step of a wait: spin until {@code spinUntil} (System.nanoTime), park after it. */
    private void pause(long spinUntil) {
        if (System.nanoTime() < spinUntil) {
            Thread.onSpinWait();
        } else {
            LockSupport.parkNanos(this, PARK_NANOS);
        }
    }

    private void rethrowFailure() {
        RuntimeException e = failure;
        if (e != null) {
            failure = null;
            throw e;
        }
    }

    private void loadAndLoop(BpfObject.Options options) {
        try {
            lane = ReplayLane.load(options);
        } catch (Throwable t) {
            failure = t instanceof RuntimeException e ? e : new IllegalStateException("loading a replay worker's object", t);
        }
        loaded = true;
        LockSupport.unpark(waiter);
        if (lane != null) {
            try {
                loop();
            } finally {
                lane.close(); // here, after the last test run: nothing can run on a freed object
            }
        }
    }

    private void loop() {
        long seen = 0;
        while (true) {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (posted == seen && !stopping) {
                pause(spinUntil);
            }
            if (stopping) {
                return;
            }
            seen = posted;
            try {
                lane.run(batch, worker);
            } catch (RuntimeException e) {
                failure = e;
            } catch (Throwable t) {
                failure = new IllegalStateException("replay worker " + thread.getName() + " failed", t);
            }
            done = seen;
            LockSupport.unpark(waiter);
        }
    }

    /** Stops and joins the thread (it finishes a batch it is running first, then frees its lane). */
    @Override
    public void close() {
        stopping = true;
        LockSupport.unpark(thread);
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // keep joining: the lane must not be freed under a running test run
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
