package io.flowlens.job.l7;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * Requests waiting for their responses, oldest first, for protocols that answer in order (HTTP/1, RESP). Bounded:
 * past {@code capacity} the oldest is dropped and counted, so a peer that never answers cannot grow the state.
 *
 * <p>A request taken after a stretch of the client's stream nobody saw (the rest of a segment past the payload cap,
 * or unexported segments) while others still waited is marked: requests may hide in that stretch, so the next
 * response may answer one of them rather than the marked one.
 *
 * @param <T> what a session keeps per request (at least its {@link Transaction})
 */
public final class PendingRequests<T> {
    private final ArrayDeque<T> queue;
    /** Parallel to queue: whether each request came after an unseen stretch of the client's stream. */
    private final ArrayDeque<Boolean> afterGap;
    private final int capacity;
    private long overflowed;

    public PendingRequests(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.queue = new ArrayDeque<>(Math.min(capacity, 16));
        this.afterGap = new ArrayDeque<>(Math.min(capacity, 16));
    }

    public void add(T request) {
        add(request, false);
    }

    /** @param afterUnseen the request came after client bytes nobody saw, while others waited */
    public void add(T request, boolean afterUnseen) {
        if (queue.size() == capacity) {
            poll();
            overflowed++;
        }
        queue.addLast(request);
        afterGap.addLast(afterUnseen);
    }

    /** Whether the oldest was marked by {@link #add(Object, boolean)}: pairing a response with it would be a guess. */
    public boolean oldestAfterUnseen() {
        return Boolean.TRUE.equals(afterGap.peekFirst());
    }

    /** The oldest, or null. */
    public T peek() {
        return queue.peekFirst();
    }

    /** Removes and returns the oldest, or null. */
    public T poll() {
        afterGap.pollFirst();
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
        afterGap.clear();
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
