package io.flowlens.job.l7;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Requests waiting for their response, keyed by what the response will carry (DNS id and name, Kafka correlation id),
 * oldest first and bounded: a request pushed out by a newer one, or by the bound, leaves without a response.
 */
public final class Outstanding<K> {
    private final int max;
    private final LinkedHashMap<K, Transaction> waiting = new LinkedHashMap<>();

    public Outstanding(int max) {
        this.max = max;
    }

    /** Adds a request; one with the same key, or the eldest beyond the bound, goes to {@code out} unanswered. */
    public void add(K key, Transaction request, Consumer<Transaction> out) {
        Transaction previous = waiting.put(key, request);
        if (previous != null) {
            out.accept(previous);
        }
        if (waiting.size() > max) {
            Iterator<Transaction> eldest = waiting.values().iterator();
            out.accept(eldest.next());
            eldest.remove();
        }
    }

    /** The request for this key, removed, or null. */
    public Transaction take(K key) {
        return waiting.remove(key);
    }

    /** The oldest request whose key matches, removed, or null. */
    public Transaction takeFirst(Predicate<K> matches) {
        for (Iterator<Map.Entry<K, Transaction>> it = waiting.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<K, Transaction> e = it.next();
            if (matches.test(e.getKey())) {
                it.remove();
                return e.getValue();
            }
        }
        return null;
    }

    /** Every waiting request leaves unanswered. */
    public void flush(Consumer<Transaction> out) {
        waiting.values().forEach(out);
        waiting.clear();
    }

    public int size() {
        return waiting.size();
    }
}
