package io.flowlens.sources.pcap;

import static io.flowlens.sources.pcap.Packets.IPV4;
import static io.flowlens.sources.pcap.Packets.IPV6;
import static io.flowlens.sources.pcap.Packets.concat;
import static io.flowlens.sources.pcap.Packets.ethernet;
import static io.flowlens.sources.pcap.Packets.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PcapngFormatTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long T0 = 1_700_000_000L; // seconds since the epoch

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"BIG_ENDIAN", "LITTLE_ENDIAN"})
    void readsEnhancedPacketsInBothByteOrdersWithMicrosecondDefault(String orderName) throws IOException {
        ByteOrder order = orderName.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        byte[] frame = ethernet(0x0800, IPV4);
        CaptureBytes bytes = CaptureBytes.pcapng(order).interfaceBlock(LinkTypes.EN10MB, 65535, null, null);
        long packetOffset = bytes.size();
        Path file = bytes.enhancedPacket(0, T0 * 1_000_000 + 654_321, 1514, frame).writeTo(dir.resolve("e.pcapng"));

        ReadPacket packet = ReadPacket.readAll(file).getFirst();

        assertThat(packet.timestampNanos()).isEqualTo(T0 * SECOND + 654_321_000);
        assertThat(packet.frame()).isEqualTo(frame);
        assertThat(packet.originalLength()).isEqualTo(1514);
        assertThat(packet.offset()).isEqualTo(packetOffset);
        assertThat(packet.linkType()).isEqualTo(1);
    }

    @Test
    void honoursDecimalAndPowerOfTwoResolutionsAndTheOffset() throws IOException {
        Path file = CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN)
                .interfaceBlock(LinkTypes.EN10MB, 0, 9, null) // ns
                .interfaceBlock(LinkTypes.EN10MB, 0, 0x80 | 20, null) // 2^-20 s
                .interfaceBlock(LinkTypes.EN10MB, 0, 3, -3600L) // ms, an hour earlier
                .interfaceBlock(LinkTypes.EN10MB, 0, 0x80 | 32, 10L) // 2^-32 s, 10 s later
                .enhancedPacket(0, T0 * SECOND + 123_456_789, IPV4)
                .enhancedPacket(1, (T0 << 20) | (1 << 19) | 1, IPV4)
                .enhancedPacket(2, T0 * 1000 + 5, IPV4)
                .enhancedPacket(3, (T0 << 32) | (1L << 30), IPV4)
                .writeTo(dir.resolve("tsresol.pcapng"));

        List<ReadPacket> packets = ReadPacket.readAll(file);

        assertThat(packets).extracting(ReadPacket::timestampNanos).containsExactly(
                T0 * SECOND + 123_456_789,
                T0 * SECOND + 500_000_000 + 953, // 2^-20 s is 953.67 ns, rounded down
                (T0 - 3600) * SECOND + 5_000_000,
                (T0 + 10) * SECOND + 250_000_000);
        assertThat(packets).extracting(ReadPacket::interfaceId).containsExactly(0, 1, 2, 3);
    }

    @Test
    void simplePacketUsesInterfaceZeroSnaplenAndThePreviousTimestamp() throws IOException {
        byte[] nullIpv6 = concat(hex("1e000000"), IPV6);
        Path file = CaptureBytes.pcapng(ByteOrder.BIG_ENDIAN)
                .interfaceBlock(LinkTypes.NULL, 24, null, null)
                .enhancedPacket(0, 42_000_000, nullIpv6)
                .simplePacket(nullIpv6.length, nullIpv6)
                .writeTo(dir.resolve("spb.pcapng"));

        List<ReadPacket> packets = ReadPacket.readAll(file);

        assertThat(packets).hasSize(2);
        ReadPacket simple = packets.get(1);
        assertThat(simple.timestampNanos()).as("no timestamp in an SPB").isEqualTo(42 * SECOND);
        assertThat(simple.frame()).as("cut to the interface's snaplen of 24")
                .isEqualTo(ethernet(0x86DD, java.util.Arrays.copyOf(IPV6, 20)));
        assertThat(simple.originalLength()).isEqualTo(nullIpv6.length);
        assertThat(simple.linkType()).isEqualTo(LinkTypes.NULL);
    }

    @Test
    void readsObsoletePacketBlocksAndSkipsUnknownBlocks() throws IOException {
        Path file = CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN)
                .block(0x00000004, hex("0000 0000")) // name resolution, empty
                .interfaceBlock(LinkTypes.RAW, 0, null, null)
                .block(0x00000BAD, hex("01020304 05060708")) // custom
                .obsoletePacket(0, 7_000_000, IPV6)
                .block(0x00000005, new byte[16]) // interface statistics
                .writeTo(dir.resolve("opb.pcapng"));

        List<ReadPacket> packets = ReadPacket.readAll(file);

        assertThat(packets).hasSize(1);
        assertThat(packets.getFirst().frame()).isEqualTo(ethernet(0x86DD, IPV6));
        assertThat(packets.getFirst().timestampNanos()).isEqualTo(7 * SECOND);
    }

    @Test
    void eachSectionHasItsOwnByteOrderAndInterfaces() throws IOException {
        CaptureBytes bytes = CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN)
                .interfaceBlock(LinkTypes.EN10MB, 0, null, null)
                .interfaceBlock(LinkTypes.RAW, 0, 9, null)
                .enhancedPacket(1, 5, IPV4)
                .section(ByteOrder.BIG_ENDIAN)
                .interfaceBlock(LinkTypes.LINUX_SLL2, 0, null, null)
                .enhancedPacket(0, 6, concat(hex("86dd 0000 00000002 0001 00 06 020000000001 0000"), IPV6));
        long badOffset = bytes.size();
        Path file = bytes.enhancedPacket(1, 7, IPV4).writeTo(dir.resolve("sections.pcapng"));

        try (CaptureFileReader reader = CaptureFileReader.open(file)) {
            List<ReadPacket> packets = new java.util.ArrayList<>();
            assertThatThrownBy(() -> ReadPacket.readRest(reader, packets))
                    .as("interface 1 belonged to the first section")
                    .isInstanceOfSatisfying(CaptureFormatException.class,
                            e -> assertThat(e.offset()).isEqualTo(badOffset))
                    .hasMessageContaining("refers to interface 1 but the section describes 1");
            assertThat(packets).extracting(ReadPacket::linkType).containsExactly(LinkTypes.RAW, LinkTypes.LINUX_SLL2);
            assertThat(packets).extracting(ReadPacket::timestampNanos).containsExactly(5L, 6000L);
            assertThat(packets.get(1).frame()).isEqualTo(ethernet(0x86DD, IPV6));
            assertThat(reader.packetsRead()).isEqualTo(2);
        }
    }

    @Test
    void unsupportedLinkTypeIsNamedWhenAPacketUsesIt() throws IOException {
        CaptureBytes bytes = CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN)
                .interfaceBlock(127, 0, null, null)
                .interfaceBlock(LinkTypes.EN10MB, 0, null, null)
                .enhancedPacket(1, 1, ethernet(0x0800, IPV4));
        long badOffset = bytes.size();
        Path file = bytes.enhancedPacket(0, 2, IPV4).writeTo(dir.resolve("radiotap.pcapng"));

        assertThatThrownBy(() -> ReadPacket.readAll(file))
                .isInstanceOfSatisfying(CaptureFormatException.class,
                        e -> assertThat(e.offset()).isEqualTo(badOffset))
                .hasMessageContaining("IEEE802_11_RADIO (127)");
    }

    @Test
    void trailerThatDisagreesWithTheHeaderIsCorruption() throws IOException {
        CaptureBytes bytes = CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN).interfaceBlock(LinkTypes.RAW, 0, null, null);
        long badOffset = bytes.size();
        byte[] data = bytes.enhancedPacket(0, 1, IPV4).toByteArray();
        data[data.length - 4] += 4;

        Path file = java.nio.file.Files.write(dir.resolve("trailer.pcapng"), data);
        assertThatThrownBy(() -> ReadPacket.readAll(file))
                .isInstanceOfSatisfying(CaptureFormatException.class,
                        e -> assertThat(e.offset()).isEqualTo(badOffset))
                .hasMessageContaining("trailer.pcapng: corrupt enhanced packet block at byte offset " + badOffset)
                .hasMessageContaining("block total length is 76 at the start but 80 at the end");
    }

    @ParameterizedTest(name = "total length {0}")
    @CsvSource({
        "30, not a multiple of 4",
        "28, less than the minimum of 32",
        "4, less than the minimum of 32",
        "1024, 'block total length says 1024 bytes, 76 remain'",
        "-4, 'block total length says 4294967292 bytes, 76 remain'"})
    void corruptBlockLengthsNameTheBlockOffset(int totalLength, String expected) throws IOException {
        CaptureBytes bytes = CaptureBytes.pcapng(ByteOrder.BIG_ENDIAN).interfaceBlock(LinkTypes.RAW, 0, null, null);
        long badOffset = bytes.size();
        byte[] data = bytes.enhancedPacket(0, 1, IPV4).toByteArray();
        java.nio.ByteBuffer.wrap(data).putInt((int) badOffset + 4, totalLength);
        Path file = java.nio.file.Files.write(dir.resolve("length.pcapng"), data);

        try (CaptureFileReader reader = CaptureFileReader.open(file)) {
            assertThatThrownBy(() -> reader.next(new CapturedFrame()))
                    .isInstanceOfSatisfying(CaptureFormatException.class,
                            e -> assertThat(e.offset()).isEqualTo(badOffset))
                    .hasMessageContaining("enhanced packet block at byte offset " + badOffset)
                    .hasMessageContaining(expected);
        }
    }

    @Test
    void capturedLengthBeyondTheBlockIsCorruption() throws IOException {
        CaptureBytes bytes = CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN).interfaceBlock(LinkTypes.RAW, 0, null, null);
        long badOffset = bytes.size();
        byte[] data = bytes.enhancedPacket(0, 1, IPV4).toByteArray();
        java.nio.ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).putInt((int) badOffset + 20, 200);
        Path file = java.nio.file.Files.write(dir.resolve("caplen.pcapng"), data);

        assertThatThrownBy(() -> ReadPacket.readAll(file))
                .isInstanceOfSatisfying(CaptureFormatException.class,
                        e -> assertThat(e.offset()).isEqualTo(badOffset))
                .hasMessageContaining("captured length 200 does not fit in a block of 76 bytes");
    }

    @Test
    void packetBeforeAnyInterfaceIsCorruption() throws IOException {
        Path file = CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN).enhancedPacket(0, 1, IPV4)
                .writeTo(dir.resolve("noidb.pcapng"));

        assertThatThrownBy(() -> ReadPacket.readAll(file))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("refers to interface 0 but the section describes 0");
    }

    @Test
    void sectionWithABadByteOrderMagicIsCorruption() {
        byte[] data = CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN).toByteArray();
        data[8] = 0x00;

        assertThatThrownBy(() -> CaptureFileReader.open(java.nio.file.Files.write(dir.resolve("bom.pcapng"), data)))
                .isInstanceOfSatisfying(CaptureFormatException.class, e -> assertThat(e.offset()).isZero())
                .hasMessageContaining("byte-order magic is 0x003C2B1A");
    }
}
