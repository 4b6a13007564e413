package io.flowlens.sources.hubble;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Flows a fetcher hands on, collected for a test that waits for a number of them. */
final class CollectedFlows {
    private final List<HubbleFlow> flows = new ArrayList<>();

    synchronized void add(HubbleFlow f) {
        flows.add(f);
        notifyAll();
    }

    /** Waits until at least n flows are here (at most the timeout), then returns a copy of them all. */
    synchronized List<HubbleFlow> await(int n, long timeout, TimeUnit unit) throws InterruptedException {
        long end = System.nanoTime() + unit.toNanos(timeout);
        while (flows.size() < n) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("only " + flows.size() + " of " + n + " flows arrived in " + timeout + " " + unit);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return new ArrayList<>(flows);
    }

    synchronized List<HubbleFlow> snapshot() {
        return new ArrayList<>(flows);
    }
}
