package io.flowlens.job.flow;

import java.util.ArrayList;
import java.util.List;

/**
 * The reader's flows by key: open addressing with linear probing over the flow states themselves, which carry their
 * key's fields. A HashMap&lt;FlowKey, FlowState&gt; costs a node and a key object per flow (about 90 bytes) and two more
 * cache misses per packet. Load stays at most one half. Not thread-safe: the reader thread owns it.
 */
final class FlowTable {
    private FlowState[] slots = new FlowState[1024];
    private int shift = 32 - 10;
    private int size;

    int size() {
        return size;
    }

    /** The flow with this key, or null. */
    FlowState get(FlowKey k) {
        int mask = slots.length - 1;
        for (int i = index(k); ; i = (i + 1) & mask) {
            FlowState f = slots[i];
            if (f == null || f.sameKey(k)) {
                return f;
            }
        }
    }

    /** The flow in this key's home slot (its own, unless it collided), or null: one load, for a prefetch. */
    FlowState atHome(FlowKey k) {
        return slots[index(k)];
    }

    /** Adds a flow whose key is not in the table. */
    void add(FlowState f) {
        if (2 * (size + 1) > slots.length) {
            grow();
        }
        insert(f);
        size++;
    }

    void remove(FlowState f) {
        int mask = slots.length - 1;
        for (int i = index(f); slots[i] != null; i = (i + 1) & mask) {
            if (slots[i] == f) {
                removeAt(i);
                return;
            }
        }
    }

    /** Slots, for a scan with {@link #at} and {@link #removeAt}. */
    int capacity() {
        return slots.length;
    }

    FlowState at(int i) {
        return slots[i];
    }

    /**
     * Empties slot i and shifts later flows of its probe run back (no tombstones). A scan that removes at i must look
     * at i again: a later flow may now be there. A flow may be seen twice by such a scan, never skipped.
     */
    void removeAt(int i) {
        int mask = slots.length - 1;
        slots[i] = null;
        size--;
        for (int j = (i + 1) & mask; slots[j] != null; j = (j + 1) & mask) {
            int home = index(slots[j]);
            // the flow at j may move to the hole at i unless its home lies cyclically in (i, j]
            boolean stays = i <= j ? i < home && home <= j : i < home || home <= j;
            if (!stays) {
                slots[i] = slots[j];
                slots[j] = null;
                i = j;
            }
        }
    }

    List<FlowState> values() {
        List<FlowState> all = new ArrayList<>(size);
        for (FlowState f : slots) {
            if (f != null) {
                all.add(f);
            }
        }
        return all;
    }

    void clear() {
        java.util.Arrays.fill(slots, null);
        size = 0;
    }

    private void grow() {
        FlowState[] old = slots;
        slots = new FlowState[old.length * 2];
        shift--;
        for (FlowState f : old) {
            if (f != null) {
                insert(f);
            }
        }
    }

    private void insert(FlowState f) {
        int mask = slots.length - 1;
        int i = index(f);
        while (slots[i] != null) {
            i = (i + 1) & mask;
        }
        slots[i] = f;
    }

    /** Fibonacci hashing: the key's hash times 2^32/φ, top bits. */
    private int index(FlowKey k) {
        return (k.hashCode() * 0x9E3779B9) >>> shift;
    }
}
