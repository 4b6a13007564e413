package io.flowlens.sources.hubble;

import com.google.protobuf.ByteString;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * Fingerprints of the flows handed on in the last {@code spanNanos} of flow time, so that a stream resumed a little
 * before the newest flow seen (flows of a relay's nodes arrive slightly out of order) skips what it already gave.
 * A fingerprint is a 64-bit FNV-1a hash of the flow's bytes: a false match needs two different flows within the span
 * to collide, about 1 in 10^10 at 10^4 flows in the span.
 */
final class RecentFlows {
    private final long spanNanos;
    private final ArrayDeque<long[]> order = new ArrayDeque<>(); // {time, fingerprint}, in arrival order
    private final Set<Long> seen = new HashSet<>();
    private long newest;

    RecentFlows(long spanNanos) {
        this.spanNanos = spanNanos;
    }

    /** True (and remembered) when the flow was not handed on before; false for a repeat. */
    boolean firstTime(long timeNanos, ByteString bytes) {
        long fp = fingerprint(bytes);
        if (!seen.add(fp)) {
            return false;
        }
        order.addLast(new long[] {timeNanos, fp});
        newest = Math.max(newest, timeNanos);
        while (!order.isEmpty() && order.peekFirst()[0] < newest - spanNanos) {
            seen.remove(order.pollFirst()[1]);
        }
        return true;
    }

    /** The newest flow time seen, Unix epoch ns (0 before any). */
    long newest() {
        return newest;
    }

    private static long fingerprint(ByteString b) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < b.size(); i++) {
            h ^= b.byteAt(i) & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
