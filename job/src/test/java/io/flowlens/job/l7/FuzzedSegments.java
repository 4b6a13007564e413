package io.flowlens.job.l7;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.function.IntSupplier;

/**
 * Arbitrary bytes as a run of segments for a session, so a fuzzer's mutations land on message contents, directions,
 * caps and gaps alike. Each record is {@code flags, length, bytes[length]}: flags bit 0 = from the client, bit 1 =
 * an unexported bulk segment of 700 bytes went first, bit 2 = a retransmission (same sequence number as the
 * previous segment of that direction), bits 3..7 choose the exported prefix (the cap) out of the bytes.
 */
public final class FuzzedSegments {
    private FuzzedSegments() {}

    /**
     * Feeds {@code data} to the session and closes it, checking that nothing is thrown and that every transaction is
     * well-formed; {@code outstanding} is checked against {@code bound} after every segment.
     */
    public static int feed(byte[] data, L7Session session, String protocol, IntSupplier outstanding, int bound) {
        long[] seq = {1, 1}, last = {1, 1};
        long now = Exchange.START_NS;
        int transactions = 0;
        int[] count = {0};
        for (int i = 0; i + 1 < data.length; ) {
            int flags = data[i] & 0xFF, length = data[i + 1] & 0xFF;
            byte[] payload = Arrays.copyOfRange(data, i + 2, Math.min(data.length, i + 2 + length));
            i += 2 + length;
            int side = flags & 1;
            if ((flags & 2) != 0) {
                seq[side] += 700;
            }
            long at = (flags & 4) != 0 ? last[side] : seq[side];
            int cap = Math.min(payload.length, 8 * (flags >>> 3) + 4);
            now += 1_000;
            session.onSegment(new L7Segment(side == 1, now, 0, at & 0xFFFF_FFFFL, payload.length,
                    Arrays.copyOf(payload, cap)), t -> check(t, protocol, count));
            last[side] = at;
            seq[side] = Math.max(seq[side], at + payload.length);
            assertThat(outstanding.getAsInt()).as("outstanding requests stay bounded").isLessThanOrEqualTo(bound);
        }
        session.close(t -> check(t, protocol, count));
        assertThat(session.malformed()).isNotNegative();
        return count[0];
    }

    private static void check(Transaction t, String protocol, int[] count) {
        count[0]++;
        assertThat(t.protocol).isEqualTo(protocol);
        assertThat(t.requestNanos != 0 || t.responseNanos != 0).as("a transaction has a request or a response").isTrue();
        assertThat(t.latencyNanos()).isGreaterThanOrEqualTo(-1);
        if (t.requestBytes != null) {
            assertThat(t.requestBytes).isPositive();
        }
        if (t.responseBytes != null) {
            assertThat(t.responseBytes).isPositive();
        }
    }
}
