package io.flowlens.sources.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.flowlens.sources.bench.SyntheticCapture;
import io.flowlens.sources.bpf.BpfObject;
import io.flowlens.sources.bpf.Counter;
import io.flowlens.sources.bpf.KernelTest;
import io.flowlens.sources.bpf.PacketView;
import io.flowlens.sources.pcap.CaptureFileReader;
import io.flowlens.sources.pcap.CapturedFrame;
import io.flowlens.testkit.PcapWriter;
import io.flowlens.testkit.SharedTestData;
import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replay split over two workers (kernel objects, threads) against one: the same records byte for byte, in the same
 * order, on every shared capture and on a synthetic one of many interleaved connections; checkpoints that never count
 * read-ahead; cut frames and cut files; no thread left after close.
 */
@KernelTest
class ParallelReplayTest {
    @TempDir
    static Path tmp;
    static Path manyFlows;
    static long manyFlowsPackets;

    @BeforeAll
    static void writeManyFlows() throws IOException {
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "two workers need two cores");
        manyFlows = tmp.resolve("many-flows.pcap");
        manyFlowsPackets = SyntheticCapture.write(manyFlows, 300, 4); // 300 x 17 packets: several batches
    }

    static Stream<Path> captures() {
        return SharedTestData.pcapFiles().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void twoWorkersGiveTheRecordsOfOne(Path capture) throws IOException {
        Replayed one = replay(capture, 1, 0, Integer.MAX_VALUE, 4096);
        Replayed two = replay(capture, 2, 0, Integer.MAX_VALUE, 4096);
        assertThat(two.records).as("records of %s, in file order", capture.getFileName()).containsExactlyElementsOf(one.records);
        assertThat(two.counters).as("counters summed over both objects").isEqualTo(one.counters);
        assertThat(two.packetsRead).isEqualTo(one.packetsRead);
    }

    @Test
    void manyFlowsSplitOverTwoWorkersKeepFileOrder() throws IOException {
        Replayed one = replay(manyFlows, 1, 0, Integer.MAX_VALUE, 4096);
        Replayed two = replay(manyFlows, 2, 0, Integer.MAX_VALUE, 4096);
        assertThat(one.records).as("every synthetic packet makes a record").hasSize((int) manyFlowsPackets);
        assertThat(two.records).containsExactlyElementsOf(one.records);
        assertThat(two.counters).isEqualTo(one.counters);
    }

    @Test
    void everyRecordIsAnnouncedWithItsGroupBeforeItIsHandedOver() throws IOException {
        List<Long> announced = new ArrayList<>();
        List<Long> handled = new ArrayList<>();
        List<Integer> pendingAtHandover = new ArrayList<>();
        CaptureHandler h = new CaptureHandler() {
            @Override
            public void onPacket(PacketView p, long epochNanos) {
                handled.add(p.seq() << 16 | p.sport());
                pendingAtHandover.add(announced.size() - handled.size());
            }

            @Override
            public void prefetch(PacketView p) {
                announced.add(p.seq() << 16 | p.sport());
            }
        };
        try (CaptureReplay r = new CaptureReplay(manyFlows, BpfObject.Options.defaults(), 0, 2)) {
            while (!r.isFinished()) {
                r.poll(h, 7); // limits that cut groups: an announced record is still handed over next
            }
        }
        assertThat(handled).hasSize((int) manyFlowsPackets);
        assertThat(announced).as("each record announced once, in the order it is handed over").isEqualTo(handled);
        assertThat(pendingAtHandover).as("a record is handed over after its announcement, at most a group ahead")
                .allMatch(n -> n >= 0 && n < io.flowlens.sources.bpf.RingBuffer.GROUP);
    }

    @Test
    void snaplenCutFramesKeepTheirWireLengths() throws IOException {
        Path whole = SharedTestData.pcapDir().resolve("zeek_http-get.pcap");
        Path cut = tmp.resolve("cut-64.pcap");
        int cutFrames = 0;
        try (CaptureFileReader in = CaptureFileReader.open(whole); PcapWriter out = new PcapWriter(cut)) {
            CapturedFrame f = new CapturedFrame();
            while (in.next(f)) {
                int n = Math.min(f.frameLength(), 64);
                cutFrames += n < f.frameLength() ? 1 : 0;
                out.write(f.timestampNanos() / 1000, f.buffer(), n, f.wireLength());
            }
        }
        assertThat(cutFrames).as("the copy cuts frames").isPositive();
        Replayed full = replay(whole, 2, 0, Integer.MAX_VALUE, 4096);
        for (int workers = 1; workers <= 2; workers++) {
            Replayed r = replay(cut, workers, 0, Integer.MAX_VALUE, 4096);
            assertThat(r.counters[Counter.MALFORMED.ordinal()]).as("a cut frame is not malformed (wire_len passed)")
                    .isEqualTo(full.counters[Counter.MALFORMED.ordinal()]);
            assertThat(r.lengths).as("ip length, L4 payload length and frame length of every record, %d worker(s)", workers)
                    .containsExactlyElementsOf(full.lengths);
        }
    }

    @Test
    void packetsReadCountsOnlyDeliveredPackets() throws IOException {
        Replayed full = replay(manyFlows, 2, 0, Integer.MAX_VALUE, 4096);
        List<String> first = new ArrayList<>();
        long checkpoint;
        try (CaptureReplay replay = new CaptureReplay(manyFlows, BpfObject.Options.defaults(), 0, 2)) {
            CaptureHandler h = (p, ts) -> first.add(bytes(p));
            for (int poll = 0; poll < 40; poll++) {
                replay.poll(h, 1 + poll % 17);
                assertThat(replay.packetsRead()).as("after %d records (every packet makes one)", first.size())
                        .isEqualTo(first.size());
            }
            checkpoint = replay.packetsRead();
        }
        assertThat(checkpoint).as("fewer than one batch delivered, but a batch was read ahead").isLessThan(CaptureReplay.BATCH);
        Replayed rest = replay(manyFlows, 2, checkpoint, Integer.MAX_VALUE, 4096);
        List<String> resumed = new ArrayList<>(first);
        resumed.addAll(rest.records);
        assertThat(resumed).as("a replay restored at packetsRead() repeats and misses nothing").containsExactlyElementsOf(full.records);
    }

    @Test
    void fileCutMidPacketEndsAfterDeliveringEverythingBeforeIt() throws IOException {
        Replayed full = replay(manyFlows, 1, 0, Integer.MAX_VALUE, 4096);
        int complete = CaptureReplay.BATCH * 2 + 100; // in the third batch, so read-ahead is in play
        Path cut = tmp.resolve("cut-mid-packet.pcap");
        long end = offsetOfPacket(manyFlows, complete) + 20; // inside the next packet's record header and data
        Files.copy(manyFlows, cut);
        try (FileChannel ch = FileChannel.open(cut, StandardOpenOption.WRITE)) {
            ch.truncate(end);
        }
        List<String> got = new ArrayList<>();
        try (CaptureReplay replay = new CaptureReplay(cut, BpfObject.Options.defaults(), 0, 2)) {
            while (!replay.isFinished()) {
                assertThat(replay.error()).as("the error waits for the packets before it").isEmpty();
                replay.poll((p, ts) -> got.add(bytes(p)), 300);
            }
            assertThat(replay.error()).as("a packet cut by the end of the file").isPresent();
            assertThat(replay.packetsRead()).isEqualTo(complete);
        }
        assertThat(got).containsExactlyElementsOf(full.records.subList(0, complete));
    }

    @Test
    void closeMidFileLeavesNoThread() throws IOException {
        try (CaptureReplay replay = new CaptureReplay(manyFlows, BpfObject.Options.defaults(), 0, 2)) {
            assertThat(replay.workers()).isEqualTo(2);
            assertThat(replayThreads()).as("one helper thread for the second worker").hasSize(1);
            replay.poll((p, ts) -> { }, 700);
            assertThat(replay.isFinished()).isFalse();
        }
        assertThat(replayThreads()).as("close() joins the helpers").isEmpty();
        try (CaptureReplay one = new CaptureReplay(manyFlows, BpfObject.Options.defaults(), 0, 1)) {
            assertThat(replayThreads()).as("one worker runs on the polling thread alone").isEmpty();
        }
    }

    private static List<Thread> replayThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("flowlens-replay-") && t.isAlive()).toList();
    }

    /** Byte offset of packet {@code index} (0-based) of a classic pcap. */
    private static long offsetOfPacket(Path pcap, int index) throws IOException {
        byte[] b = Files.readAllBytes(pcap);
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long off = 24;
        for (int i = 0; i < index; i++) {
            off += 16 + buf.getInt((int) off + 8);
        }
        return off;
    }

    record Replayed(List<String> records, List<String> lengths, long[] counters, long packetsRead) {}

    private static Replayed replay(Path file, int workers, long skip, int maxRecords, int pollMax) throws IOException {
        List<String> records = new ArrayList<>();
        List<String> lengths = new ArrayList<>();
        try (CaptureReplay replay = new CaptureReplay(file, BpfObject.Options.defaults(), skip, workers)) {
            assertThat(replay.workers()).isEqualTo(workers);
            CaptureHandler h = (p, ts) -> {
                records.add(bytes(p));
                lengths.add(p.ipLength() + "/" + p.l4PayloadLength() + "/" + p.skbLength());
            };
            while (!replay.isFinished() && records.size() < maxRecords) {
                replay.poll(h, pollMax);
            }
            assertThat(replay.error()).isEmpty();
            return new Replayed(records, lengths, replay.counters().values(), replay.packetsRead());
        }
    }

    /** The whole record as the handler sees it (stamped), payload included. */
    private static String bytes(PacketView p) {
        return HexFormat.of().formatHex(p.segment().asSlice(p.offset(), PacketView.SIZE + p.caplen()).toArray(ValueLayout.JAVA_BYTE));
    }
}
