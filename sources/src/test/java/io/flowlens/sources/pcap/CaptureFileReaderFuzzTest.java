package io.flowlens.sources.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Arbitrary bytes as a capture file: the reader either returns packets or throws {@link CaptureFormatException},
 * never another exception, a hang or an unbounded buffer.
 *
 * <p>Without JAZZER_FUZZ the {@link FuzzTest} only replays the seeds in
 * {@code src/test/resources/io/flowlens/sources/pcap/CaptureFileReaderFuzzTestInputs/}; to fuzz, run
 * {@code JAZZER_FUZZ=1 mvn -o -pl sources -am test -Dtest=CaptureFileReaderFuzzTest} (findings land in that folder
 * and then replay as regression tests). The seeded-mutation test runs everywhere, as a fast fixed sample.
 */
class CaptureFileReaderFuzzTest {

    // the frame buffer doubles from 64 KiB up to the largest accepted packet plus the Ethernet header
    private static final int MAX_BUFFER = 2 * (PacketRecords.MAX_CAPTURED_LENGTH + CapturedFrame.ETHERNET_HEADER_LENGTH);

    private static final Path FILE = tempFile();

    @FuzzTest(maxDuration = "5m")
    void arbitraryBytesReadOrFailWithCaptureFormatException(byte[] data) {
        readAsFile(data);
    }

    @Test
    void seededMutationsOfValidCapturesReadOrFailWithCaptureFormatException() {
        List<byte[]> valid = validCaptures();
        Random random = new Random(20240611);
        for (int i = 0; i < 4000; i++) {
            readAsFile(mutate(valid.get(random.nextInt(valid.size())), random));
        }
    }

    private static void readAsFile(byte[] data) {
        try {
            Files.write(FILE, data);
            try (CaptureFileReader reader = CaptureFileReader.open(FILE)) {
                CapturedFrame frame = new CapturedFrame();
                long packets = 0;
                while (reader.next(frame)) {
                    packets++;
                    assertThat(frame.frameLength()).isBetween(0, frame.buffer().length);
                    assertThat(frame.buffer().length).as("frame buffer stays bounded").isLessThanOrEqualTo(MAX_BUFFER);
                }
                // every packet record has a header of at least 16 bytes, so a file cannot hold more
                assertThat(packets).isLessThanOrEqualTo(data.length / 16);
                assertThat(reader.packetsRead()).isEqualTo(packets);
            } catch (CaptureFormatException expected) {
                assertThat(expected.file()).isEqualTo(FILE);
                assertThat(expected.offset()).isBetween(0L, (long) data.length);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("not a CaptureFormatException", e);
        }
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] data = original.clone();
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations && data.length > 0; m++) {
            int at = random.nextInt(data.length);
            switch (random.nextInt(5)) {
                case 0 -> data[at] = (byte) random.nextInt(256);
                case 1 -> data = Arrays.copyOf(data, at); // truncate
                case 2 -> { // a length-like value where lengths live: aligned 32-bit words
                    int word = at & ~3;
                    int[] values = {0, 1, 4, 12, 16, 28, 0x7FFF_FFFF, -1, -4, 256 * 1024 + 1, random.nextInt()};
                    int value = values[random.nextInt(values.length)];
                    for (int b = 0; b < 4 && word + b < data.length; b++) {
                        data[word + b] = (byte) (value >>> (8 * b));
                    }
                }
                case 3 -> { // duplicate a slice, as a repeated block or record would
                    int length = random.nextInt(Math.min(64, data.length - at) + 1);
                    byte[] grown = Arrays.copyOf(data, data.length + length);
                    System.arraycopy(data, at, grown, at + length, data.length - at);
                    data = grown;
                }
                default -> data[at] ^= (byte) (1 << random.nextInt(8));
            }
        }
        return data;
    }

    static List<byte[]> validCaptures() {
        byte[] sll = Packets.concat(Packets.hex("0000 0001 0006 020000000001 0000 0800"), Packets.IPV4);
        byte[] loop = Packets.concat(Packets.hex("0000001e"), Packets.IPV6);
        return List.of(
                CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, false, LinkTypes.EN10MB)
                        .record(1, 2, 1514, Packets.ethernet(0x0800, Packets.IPV4))
                        .record(3, 4, Packets.ethernet(0x86DD, Packets.IPV6)).toByteArray(),
                CaptureBytes.pcap(ByteOrder.BIG_ENDIAN, true, LinkTypes.LINUX_SLL)
                        .record(1, 2, sll).record(5, 6, sll).toByteArray(),
                CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, false, LinkTypes.RAW)
                        .record(1, 2, Packets.IPV4).record(1, 3, Packets.IPV6).toByteArray(),
                CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN)
                        .interfaceBlock(LinkTypes.LOOP, 64, 0x80 | 20, 5L)
                        .interfaceBlock(LinkTypes.IPV4, 0, 9, null)
                        .enhancedPacket(0, 1L << 40, loop)
                        .simplePacket(loop.length, loop)
                        .block(0x00000BAD, new byte[8])
                        .obsoletePacket(1, 77, Packets.IPV4)
                        .section(ByteOrder.BIG_ENDIAN)
                        .interfaceBlock(LinkTypes.LINUX_SLL, 0, null, null)
                        .enhancedPacket(0, 99, sll).toByteArray());
    }

    private static Path tempFile() {
        try {
            Path file = Files.createTempFile("flowlens-fuzz", ".cap");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
