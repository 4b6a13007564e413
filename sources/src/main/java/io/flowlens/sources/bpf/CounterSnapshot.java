package io.flowlens.sources.bpf;

import java.util.EnumMap;
import java.util.Map;

/** Counters summed over all CPUs at one moment. */
public record CounterSnapshot(long[] values) {
    public long get(Counter c) {
        return values[c.ordinal()];
    }

    public CounterSnapshot minus(CounterSnapshot earlier) {
        long[] d = new long[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = values[i] - earlier.values[i];
        }
        return new CounterSnapshot(d);
    }

    /** This snapshot and another one added up (counters of several kernel objects). */
    public CounterSnapshot plus(CounterSnapshot other) {
        long[] s = new long[values.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = values[i] + other.values[i];
        }
        return new CounterSnapshot(s);
    }

    public Map<Counter, Long> asMap() {
        Map<Counter, Long> m = new EnumMap<>(Counter.class);
        for (Counter c : Counter.values()) {
            m.put(c, get(c));
        }
        return m;
    }

    @Override
    public String toString() {
        return asMap().toString();
    }
}
