package io.flowlens.job.l7;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntSupplier;

/**
 * Fuzz input as a sequence of segments, and the checks every session must pass on any input: no exception, state
 * bounded, every transaction carries its protocol and request time.
 *
 * <p>Encoding, repeated until the input ends: one control byte (bit 0: from the client; bit 1: the wire segment is
 * longer than the prefix, as when the kernel cut it; bit 2: sequence number jumps back, as a retransmission), one
 * length byte, then that many payload bytes (fewer if the input ends).
 */
public final class SessionFuzzing {
    private SessionFuzzing() {}

    public static List<Transaction> check(L7Session session, byte[] data, IntSupplier outstanding, int maxOutstanding) {
        List<Transaction> out = new ArrayList<>();
        long seq = 1000;
        int at = 0, segments = 0;
        while (at + 2 <= data.length) {
            int control = data[at] & 0xff, length = Math.min(data[at + 1] & 0xff, data.length - at - 2);
            byte[] bytes = Arrays.copyOfRange(data, at + 2, at + 2 + length);
            at += 2 + length;
            long wire = length + ((control & 2) != 0 ? 1000 : 0);
            long segSeq = (control & 4) != 0 ? seq - 500 : seq;
            session.onSegment(new L7Segment((control & 1) != 0, ++segments, 0, segSeq & 0xffffffffL, wire, bytes),
                    out::add);
            seq += wire;
            assertThat(outstanding.getAsInt()).as("outstanding requests stay bounded").isBetween(0, maxOutstanding);
        }
        session.close(out::add);
        assertThat(outstanding.getAsInt()).as("close leaves nothing waiting").isZero();
        assertThat(out).allSatisfy(t -> {
            assertThat(t.protocol).isNotNull();
            assertThat(t.requestNanos).isPositive();
            assertThat(t.latencyNanos()).isGreaterThanOrEqualTo(-1);
        });
        assertThat(out.size()).as("at most one transaction per message start").isLessThanOrEqualTo(data.length);
        return out;
    }

    /** Encodes segments for {@link #check}: {fromClient, bytes} pairs, each cut to 255 bytes. */
    public static byte[] encode(boolean[] fromClient, byte[]... segments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < segments.length; i++) {
            int n = Math.min(255, segments[i].length);
            out.write((fromClient[i] ? 1 : 0) | (segments[i].length > n ? 2 : 0));
            out.write(n);
            out.write(segments[i], 0, n);
        }
        return out.toByteArray();
    }

    /** A few random byte changes, cuts and length-like values, as CaptureFileReaderFuzzTest does for files. */
    public static byte[] mutate(byte[] original, Random random) {
        byte[] data = original.clone();
        for (int m = 1 + random.nextInt(4); m > 0 && data.length > 0; m--) {
            int at = random.nextInt(data.length);
            switch (random.nextInt(4)) {
                case 0 -> data[at] = (byte) random.nextInt(256);
                case 1 -> data = Arrays.copyOf(data, at);
                case 2 -> data[at] = (byte) new int[] {0, 1, 0x7f, 0x80, 0xc0, 0xff}[random.nextInt(6)];
                default -> data[at] ^= (byte) (1 << random.nextInt(8));
            }
        }
        return data;
    }
}
