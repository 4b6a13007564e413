package io.flowlens.sources.pcap;

import static io.flowlens.sources.pcap.Packets.IPV4;
import static io.flowlens.sources.pcap.Packets.IPV6;
import static io.flowlens.sources.pcap.Packets.ethernet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Format detection, truncation, skipping and allocation, common to both formats. */
class CaptureFileReaderTest {

    @TempDir
    Path dir;

    private static final byte[] FRAME_A = ethernet(0x0800, IPV4);
    private static final byte[] FRAME_B = ethernet(0x86DD, IPV6);
    private static final int PCAP_RECORD_B = 24 + 16 + FRAME_A.length; // offset of the second record

    private Path pcapOfTwo() {
        return CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, false, LinkTypes.EN10MB)
                .record(1, 0, FRAME_A)
                .record(2, 0, FRAME_B)
                .writeTo(dir.resolve("two.pcap"));
    }

    private Path truncated(Path file, int length) throws IOException {
        byte[] data = Files.readAllBytes(file);
        return Files.write(dir.resolve("cut_" + file.getFileName()), Arrays.copyOf(data, length));
    }

    /** Reads until the exception, asserts that exactly the packets before it came out, and returns it. */
    private static CaptureFormatException readUntilFailure(Path file, int packetsBefore) throws IOException {
        List<ReadPacket> packets = new ArrayList<>();
        try (CaptureFileReader reader = CaptureFileReader.open(file)) {
            Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> ReadPacket.readRest(reader,
                    packets));
            assertThat(thrown).isInstanceOf(CaptureFormatException.class);
            assertThat(packets).as("every packet before the damage").hasSize(packetsBefore);
            assertThat(reader.packetsRead()).isEqualTo(packetsBefore);
            CaptureFormatException e = (CaptureFormatException) thrown;
            assertThat(e.file()).isEqualTo(file);
            assertThat(e.getMessage()).startsWith(file + ": ");
            return e;
        }
    }

    @Test
    void pcapCutInARecordHeader() throws IOException {
        Path file = truncated(pcapOfTwo(), PCAP_RECORD_B + 7);

        CaptureFormatException e = readUntilFailure(file, 1);

        assertThat(e.offset()).isEqualTo(PCAP_RECORD_B);
        assertThat(e).hasMessageEndingWith(
                "truncated packet record header at byte offset " + PCAP_RECORD_B + ": 16 bytes needed, 7 remain");
    }

    @Test
    void pcapCutInPacketData() throws IOException {
        Path file = truncated(pcapOfTwo(), PCAP_RECORD_B + 16 + 30);

        CaptureFormatException e = readUntilFailure(file, 1);

        assertThat(e.offset()).isEqualTo(PCAP_RECORD_B);
        assertThat(e).hasMessageEndingWith("truncated packet record at byte offset " + PCAP_RECORD_B
                + ": header says " + FRAME_B.length + " captured bytes, 30 remain");
    }

    @Test
    void pcapCutInTheFileHeader() throws IOException {
        Path file = truncated(pcapOfTwo(), 10);

        assertThatThrownBy(() -> CaptureFileReader.open(file))
                .isInstanceOfSatisfying(CaptureFormatException.class, e -> assertThat(e.offset()).isZero())
                .hasMessageContaining("truncated pcap file header at byte offset 0: 24 bytes needed, 10 remain");
    }

    @ParameterizedTest(name = "cut {0} bytes into the second packet block")
    @ValueSource(ints = {3, 8, 20, 40, 72})
    void pcapngCutInABlock(int cut) throws IOException {
        CaptureBytes bytes = CaptureBytes.pcapng(ByteOrder.BIG_ENDIAN)
                .interfaceBlock(LinkTypes.EN10MB, 0, null, null)
                .enhancedPacket(0, 1, FRAME_A);
        int second = bytes.size();
        Path file = truncated(bytes.enhancedPacket(0, 2, FRAME_B).writeTo(dir.resolve("two.pcapng")), second + cut);

        CaptureFormatException e = readUntilFailure(file, 1);

        assertThat(e.offset()).isEqualTo(second);
        assertThat(e).hasMessageContaining("truncated");
    }

    @Test
    void garbageNamesTheFileAndTheMagicBytes() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "GARBAGE, not a capture at all");

        assertThatThrownBy(() -> CaptureFileReader.open(file))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessageStartingWith(file + ": not a pcap or pcapng file at byte offset 0")
                .hasMessageContaining("magic bytes are 47 41 52 42");
    }

    @Test
    void emptyFileIsAClearError() throws IOException {
        Path file = Files.write(dir.resolve("empty.pcap"), new byte[0]);

        assertThatThrownBy(() -> CaptureFileReader.open(file))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessageStartingWith(file + ": empty file");
    }

    @Test
    void headerOnlyFilesHaveNoPackets() throws IOException {
        Path pcap = CaptureBytes.pcap(ByteOrder.BIG_ENDIAN, true, LinkTypes.EN10MB).writeTo(dir.resolve("h.pcap"));
        Path pcapng = CaptureBytes.pcapng(ByteOrder.BIG_ENDIAN).writeTo(dir.resolve("h.pcapng"));

        assertThat(ReadPacket.readAll(pcap)).isEmpty();
        assertThat(ReadPacket.readAll(pcapng)).isEmpty();
    }

    @Test
    void skipResumesAfterACheckpoint() throws IOException {
        CaptureBytes bytes = CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN).interfaceBlock(LinkTypes.RAW, 0, null,
                null);
        for (int i = 0; i < 10; i++) {
            bytes.enhancedPacket(0, i, i % 2 == 0 ? IPV4 : IPV6);
        }
        Path file = bytes.writeTo(dir.resolve("ten.pcapng"));
        List<ReadPacket> all = ReadPacket.readAll(file);

        try (CaptureFileReader reader = CaptureFileReader.open(file)) {
            reader.skip(7);
            assertThat(reader.packetsRead()).isEqualTo(7);
            List<ReadPacket> rest = ReadPacket.readRest(reader, new ArrayList<>());
            assertThat(rest).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(
                    all.subList(7, 10));
            assertThat(reader.packetsRead()).isEqualTo(10);
            assertThat(reader.file()).isEqualTo(file);
        }
        try (CaptureFileReader reader = CaptureFileReader.open(file)) {
            assertThatThrownBy(() -> reader.skip(11))
                    .isInstanceOf(CaptureFormatException.class)
                    .hasMessageContaining("the file has 10 packets, 1 more to skip");
        }
    }

    @Test
    void readsWithoutAllocatingPerPacket() throws IOException {
        CaptureBytes bytes = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, false, LinkTypes.LINUX_SLL);
        byte[] sll = Packets.concat(Packets.hex("0000 0001 0006 020000000001 0000 0800"), IPV4);
        for (int i = 0; i < 50_000; i++) {
            bytes.record(i, i, 1500, sll);
        }
        Path file = bytes.writeTo(dir.resolve("many.pcap"));
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

        try (CaptureFileReader reader = CaptureFileReader.open(file)) {
            CapturedFrame frame = new CapturedFrame();
            for (int i = 0; i < 1000; i++) {
                assertThat(reader.next(frame)).isTrue(); // warm up
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            long frames = 0;
            while (reader.next(frame)) {
                frames++;
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;

            assertThat(frames).isEqualTo(49_000);
            assertThat(allocated).as("bytes allocated while reading 49,000 packets").isLessThan(16 * 1024);
        }
    }
}
