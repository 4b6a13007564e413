package io.flowlens.sources.pcap;

import static io.flowlens.sources.pcap.Packets.ARP;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every supported link type, in a pcap and a pcapng file, becomes the expected Ethernet frame. */
class LinkTypesTest {

    @TempDir
    Path dir;

    private static final byte[] SLL_HOST_HEADER = hex("0000 0001 0006 020000000001 0000"); // without protocol
    private static final byte[] SLL2_TAIL = hex("0000 00000002 0001 00 06 020000000001 0000"); // after protocol

    static Stream<Arguments> conversions() {
        byte[] ethernetFrame = ethernet(0x0800, IPV4);
        return Stream.of(
                Arguments.of("EN10MB as is", LinkTypes.EN10MB, ByteOrder.LITTLE_ENDIAN, ethernetFrame, ethernetFrame),
                Arguments.of("LINUX_SLL IPv4", LinkTypes.LINUX_SLL, ByteOrder.LITTLE_ENDIAN,
                        concat(SLL_HOST_HEADER, hex("0800"), IPV4), ethernet(0x0800, IPV4)),
                Arguments.of("LINUX_SLL IPv6", LinkTypes.LINUX_SLL, ByteOrder.BIG_ENDIAN,
                        concat(SLL_HOST_HEADER, hex("86dd"), IPV6), ethernet(0x86DD, IPV6)),
                Arguments.of("LINUX_SLL ARP passed through", LinkTypes.LINUX_SLL, ByteOrder.LITTLE_ENDIAN,
                        concat(SLL_HOST_HEADER, hex("0806"), ARP), ethernet(0x0806, ARP)),
                Arguments.of("LINUX_SLL 802.1Q passed through", LinkTypes.LINUX_SLL, ByteOrder.LITTLE_ENDIAN,
                        concat(SLL_HOST_HEADER, hex("8100 0064 0800"), IPV4), ethernet(0x8100,
                                concat(hex("0064 0800"), IPV4))),
                Arguments.of("LINUX_SLL2 IPv4", LinkTypes.LINUX_SLL2, ByteOrder.LITTLE_ENDIAN,
                        concat(hex("0800"), SLL2_TAIL, IPV4), ethernet(0x0800, IPV4)),
                Arguments.of("LINUX_SLL2 IPv6", LinkTypes.LINUX_SLL2, ByteOrder.BIG_ENDIAN,
                        concat(hex("86dd"), SLL2_TAIL, IPV6), ethernet(0x86DD, IPV6)),
                Arguments.of("NULL AF_INET little-endian host", LinkTypes.NULL, ByteOrder.LITTLE_ENDIAN,
                        concat(hex("02000000"), IPV4), ethernet(0x0800, IPV4)),
                Arguments.of("NULL AF_INET big-endian host", LinkTypes.NULL, ByteOrder.BIG_ENDIAN,
                        concat(hex("00000002"), IPV4), ethernet(0x0800, IPV4)),
                Arguments.of("NULL Darwin AF_INET6 30", LinkTypes.NULL, ByteOrder.LITTLE_ENDIAN,
                        concat(hex("1e000000"), IPV6), ethernet(0x86DD, IPV6)),
                Arguments.of("NULL Linux AF_INET6 10", LinkTypes.NULL, ByteOrder.LITTLE_ENDIAN,
                        concat(hex("0a000000"), IPV6), ethernet(0x86DD, IPV6)),
                Arguments.of("NULL OpenBSD AF_INET6 24", LinkTypes.NULL, ByteOrder.LITTLE_ENDIAN,
                        concat(hex("18000000"), IPV6), ethernet(0x86DD, IPV6)),
                Arguments.of("NULL FreeBSD AF_INET6 28 from a big-endian host in a little-endian file",
                        LinkTypes.NULL, ByteOrder.LITTLE_ENDIAN, concat(hex("0000001c"), IPV6),
                        ethernet(0x86DD, IPV6)),
                Arguments.of("LOOP AF_INET network order", LinkTypes.LOOP, ByteOrder.LITTLE_ENDIAN,
                        concat(hex("00000002"), IPV4), ethernet(0x0800, IPV4)),
                Arguments.of("LOOP AF_INET6 24 network order", LinkTypes.LOOP, ByteOrder.LITTLE_ENDIAN,
                        concat(hex("00000018"), IPV6), ethernet(0x86DD, IPV6)),
                Arguments.of("RAW 101 IPv4", LinkTypes.RAW, ByteOrder.LITTLE_ENDIAN, IPV4, ethernet(0x0800, IPV4)),
                Arguments.of("RAW 101 IPv6", LinkTypes.RAW, ByteOrder.LITTLE_ENDIAN, IPV6, ethernet(0x86DD, IPV6)),
                Arguments.of("RAW 12 IPv4", LinkTypes.RAW_BSD, ByteOrder.BIG_ENDIAN, IPV4, ethernet(0x0800, IPV4)),
                Arguments.of("RAW 14 IPv6", LinkTypes.RAW_OPENBSD, ByteOrder.BIG_ENDIAN, IPV6,
                        ethernet(0x86DD, IPV6)),
                Arguments.of("IPV4 228", LinkTypes.IPV4, ByteOrder.LITTLE_ENDIAN, IPV4, ethernet(0x0800, IPV4)),
                Arguments.of("IPV6 229", LinkTypes.IPV6, ByteOrder.LITTLE_ENDIAN, IPV6, ethernet(0x86DD, IPV6)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conversions")
    void convertsToEthernetInPcap(String name, int linkType, ByteOrder order, byte[] captured, byte[] expected)
            throws IOException {
        Path file = CaptureBytes.pcap(order, false, linkType)
                .record(1, 0, 1000, captured)
                .writeTo(dir.resolve("link.pcap"));

        ReadPacket packet = ReadPacket.readAll(file).getFirst();

        assertThat(packet.frame()).as(name).isEqualTo(expected);
        assertThat(packet.linkType()).isEqualTo(linkType);
        assertThat(packet.originalLength()).as("the original frame's length, not the Ethernet one").isEqualTo(1000);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conversions")
    void convertsToEthernetInPcapng(String name, int linkType, ByteOrder order, byte[] captured, byte[] expected)
            throws IOException {
        Path file = CaptureBytes.pcapng(order)
                .interfaceBlock(linkType, 0, null, null)
                .enhancedPacket(0, 1, captured)
                .writeTo(dir.resolve("link.pcapng"));

        assertThat(ReadPacket.readAll(file).getFirst().frame()).as(name).isEqualTo(expected);
    }

    static Stream<Arguments> unconvertible() {
        byte[] nullIpv4 = concat(hex("02000000"), IPV4);
        byte[] sllIpv4 = concat(SLL_HOST_HEADER, hex("0800"), IPV4);
        return Stream.of(
                Arguments.of(LinkTypes.NULL, nullIpv4, hex("07000000"), "NULL (0) family 7"),
                Arguments.of(LinkTypes.LOOP, concat(hex("00000002"), IPV4), hex("02000000"), "family 33554432"),
                Arguments.of(LinkTypes.RAW, IPV4, hex("5500"), "IP version 5"),
                Arguments.of(LinkTypes.RAW, IPV4, new byte[0], "is empty"),
                Arguments.of(LinkTypes.LINUX_SLL, sllIpv4, hex("0000 0001 0006"),
                        "6 captured bytes, the LINUX_SLL (113) header has 16"));
    }

    @ParameterizedTest
    @MethodSource("unconvertible")
    void packetsThatCannotBecomeEthernetAreNamedErrors(int linkType, byte[] good, byte[] bad, String expected)
            throws IOException {
        Path file = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, false, linkType)
                .record(1, 0, good)
                .record(2, 0, bad)
                .writeTo(dir.resolve("odd.pcap"));

        try (CaptureFileReader reader = CaptureFileReader.open(file)) {
            CapturedFrame frame = new CapturedFrame();
            assertThat(reader.next(frame)).isTrue();
            assertThatThrownBy(() -> reader.next(frame))
                    .isInstanceOfSatisfying(CaptureFormatException.class,
                            e -> assertThat(e.offset()).isEqualTo(24 + 16 + good.length))
                    .hasMessageContaining("odd.pcap")
                    .hasMessageContaining(expected);
        }
    }

    @Test
    void aLinkHeaderWithoutPayloadIsAnEthernetHeaderAlone() throws IOException {
        Path file = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, false, LinkTypes.LOOP)
                .record(1, 0, 60, hex("00000018"))
                .writeTo(dir.resolve("headonly.pcap"));

        assertThat(ReadPacket.readAll(file).getFirst().frame()).isEqualTo(ethernet(0x86DD, new byte[0]));
    }
}
