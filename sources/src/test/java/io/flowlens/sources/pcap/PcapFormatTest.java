package io.flowlens.sources.pcap;

import static io.flowlens.sources.pcap.Packets.IPV4;
import static io.flowlens.sources.pcap.Packets.IPV6;
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

class PcapFormatTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"BIG_ENDIAN, micro", "BIG_ENDIAN, nano", "LITTLE_ENDIAN, micro", "LITTLE_ENDIAN, nano"})
    void readsBothByteOrdersWithMicroAndNanoTimestamps(String orderName, String unit) throws IOException {
        ByteOrder order = orderName.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        boolean nanos = unit.equals("nano");
        byte[] first = Packets.ethernet(0x0800, IPV4);
        byte[] second = Packets.ethernet(0x86DD, IPV6);
        Path file = CaptureBytes.pcap(order, nanos, LinkTypes.EN10MB)
                .record(1_700_000_000L, 123_456, first)
                .record(4_000_000_000L, 999_999, second)
                .writeTo(dir.resolve("both.pcap"));

        List<ReadPacket> packets = ReadPacket.readAll(file);

        long unitNanos = nanos ? 1 : 1000;
        assertThat(packets).hasSize(2);
        assertThat(packets.get(0).timestampNanos()).isEqualTo(1_700_000_000_000_000_000L + 123_456 * unitNanos);
        assertThat(packets.get(1).timestampNanos())
                .as("seconds are unsigned 32-bit: 4e9 s is in 2096")
                .isEqualTo(4_000_000_000_000_000_000L + 999_999 * unitNanos);
        assertThat(packets.get(0).frame()).isEqualTo(first);
        assertThat(packets.get(1).frame()).isEqualTo(second);
        assertThat(packets).extracting(ReadPacket::offset).containsExactly(24L, 24L + 16 + first.length);
        assertThat(packets).extracting(ReadPacket::linkType).containsOnly(1);
        assertThat(packets).extracting(ReadPacket::interfaceId).containsOnly(0);
    }

    @Test
    void snaplenTruncatedPacketKeepsItsOriginalLength() throws IOException {
        byte[] head = Packets.ethernet(0x0800, IPV4);
        Path file = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, false, LinkTypes.EN10MB)
                .record(1, 0, 1514, head)
                .writeTo(dir.resolve("snap.pcap"));

        ReadPacket packet = ReadPacket.readAll(file).getFirst();

        assertThat(packet.originalLength()).isEqualTo(1514);
        assertThat(packet.frame()).isEqualTo(head);
    }

    @Test
    void growsTheBufferForPacketsLargerThan64KiB() throws IOException {
        byte[] jumbo = Packets.ethernet(0x0800, new byte[200_000]);
        Path file = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, false, LinkTypes.EN10MB)
                .record(1, 0, jumbo)
                .record(2, 0, IPV4)
                .writeTo(dir.resolve("jumbo.pcap"));

        List<ReadPacket> packets = ReadPacket.readAll(file);

        assertThat(packets).extracting(p -> p.frame().length).containsExactly(jumbo.length, IPV4.length);
    }

    @Test
    void capturedLengthAbove256KiBIsCorruption() throws IOException {
        Path file = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, false, LinkTypes.EN10MB)
                .record(1, 0, IPV4)
                .int32(2).int32(0).int32(256 * 1024 + 1).int32(100)
                .raw(new byte[300 * 1024])
                .writeTo(dir.resolve("huge.pcap"));

        try (CaptureFileReader reader = CaptureFileReader.open(file)) {
            CapturedFrame frame = new CapturedFrame();
            assertThat(reader.next(frame)).isTrue();
            assertThatThrownBy(() -> reader.next(frame))
                    .isInstanceOfSatisfying(CaptureFormatException.class,
                            e -> assertThat(e.offset()).isEqualTo(24 + 16 + IPV4.length))
                    .hasMessageContaining("huge.pcap")
                    .hasMessageContaining("262145 captured bytes");
        }
    }

    @Test
    void unsupportedLinkTypeIsNamedWhenOpening() {
        Path file = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, false, 105).writeTo(dir.resolve("wifi.pcap"));

        assertThatThrownBy(() -> CaptureFileReader.open(file))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("wifi.pcap")
                .hasMessageContaining("unsupported link type")
                .hasMessageContaining("IEEE802_11 (105)");
    }

    @Test
    void ignoresTheFcsBitsOfTheLinkTypeField() throws IOException {
        Path file = CaptureBytes.pcap(ByteOrder.BIG_ENDIAN, false, 0x1000_0000 | LinkTypes.EN10MB)
                .record(1, 0, IPV4)
                .writeTo(dir.resolve("fcs.pcap"));

        assertThat(ReadPacket.readAll(file)).extracting(ReadPacket::linkType).containsExactly(1);
    }
}
