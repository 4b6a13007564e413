package io.flowlens.sources.bpf;

import static io.flowlens.sources.bpf.Frames.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RingBuffer.drain hands records over in groups of {@link RingBuffer#GROUP}, each announced (prefetch) before any of
 * it is handled: every record exactly once, in ring order, never more than asked for, and a record is never handled
 * before it was announced with its group.
 */
@KernelTest
class RingBufferGroupDrainTest {
    @Test
    void recordsComeInAnnouncedGroupsInRingOrderUpToTheLimit() {
        int packets = 2 * RingBuffer.GROUP + 5;
        try (TcTestRun tc = TcTestRun.load(BpfObject.Options.defaults(), BpfObject.PROG_TC_INGRESS)) {
            for (int i = 0; i < packets; i++) { // the sequence number tells records apart
                byte[] f = eth4(ipv4("198.18.0.1", "198.18.0.2", 6, tcp(40000, 80, 1000 + i, 1, 0x10, 500, new byte[0])));
                tc.run(f, f.length);
            }
            List<String> events = new ArrayList<>();
            RingBuffer.RecordHandler log = new RingBuffer.RecordHandler() {
                @Override
                public void onRecord(MemorySegment data, long offset, int length) {
                    events.add("R" + seq(data, offset));
                }

                @Override
                public void prefetch(MemorySegment data, long offset, int length) {
                    events.add("P" + seq(data, offset));
                }
            };
            int limit = RingBuffer.GROUP + 3;
            assertThat(tc.ring().drain(log, limit)).isEqualTo(limit);
            List<String> expected = new ArrayList<>();
            group(expected, 0, RingBuffer.GROUP);
            group(expected, RingBuffer.GROUP, 3);
            assertThat(events).as("one full group, then the 3 the limit leaves").isEqualTo(expected);

            events.clear();
            assertThat(tc.ring().drain(log, Integer.MAX_VALUE)).isEqualTo(packets - limit);
            expected.clear();
            group(expected, limit, RingBuffer.GROUP);
            int rest = packets - limit - RingBuffer.GROUP;
            for (int i = 0; i < rest; i++) { // the last group: announced only when it has more than one record
                if (rest > 1) {
                    expected.add("P" + (1000 + limit + RingBuffer.GROUP + i));
                }
            }
            for (int i = 0; i < rest; i++) {
                expected.add("R" + (1000 + limit + RingBuffer.GROUP + i));
            }
            assertThat(events).isEqualTo(expected);
            assertThat(tc.ring().pendingBytes()).as("every record's space is free again").isZero();
        }
    }

    private static void group(List<String> expected, int first, int n) {
        for (int i = 0; i < n; i++) {
            expected.add("P" + (1000 + first + i));
        }
        for (int i = 0; i < n; i++) {
            expected.add("R" + (1000 + first + i));
        }
    }

    private static long seq(MemorySegment data, long offset) {
        return new PacketView().wrap(data, offset).seq();
    }
}
