package io.flowlens.job.l7;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * Requests waiting for their responses, oldest first, for protocols that answer in order (HTTP/1, RESP). Bounded:
 * past {@code capacity} the oldest is dropped and counted, so a peer that never answers cannot grow the state.
 *
 * @param <T> what a session keeps per request (at least its {@link Transaction})
 */
public final class PendingRequests<T> {
    private final ArrayDeque<T> queue;
    private final int capacity;
    private long overflowed;

    public PendingRequests(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.queue = new ArrayDeque<>(Math.min(capacity, 16));
    }

    public void add(T request) {
        if (queue.size() == capacity) {
            queue.pollFirst();
            overflowed++;
        }
        queue.addLast(request);
    }

    /** The oldest, or null. */
    public T peek() {
        return queue.peekFirst();
    }

    /** Removes and returns the oldest, or null. */
    public T poll() {
        return queue.pollFirst();
    }

    public int size() {
        return queue.size();
    }

    public boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Hands every waiting request to {@code out}, oldest first, and forgets them. */
    public void drain(Consumer<T> out) {
        for (T t; (t = queue.pollFirst()) != null; ) {
            out.accept(t);
        }
    }

    /** Requests dropped because the queue was full. */
    public long overflowed() {
        return overflowed;
    }

    public int capacity() {
        return capacity;
    }
}
