package io.flowlens.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConvTableParserTest {

    // tshark 4.0.17 on gosniffer_kafka-produce-metadata.pcap, plus a UDP table in the 4.0 layout
    private static final String TSHARK_4_0 = """
            ================================================================================
            TCP Conversations
            Filter:<No Filter>
                                                                       |       <-      | |       ->      | |     Total     |    Relative    |   Duration   |
                                                                       | Frames  Bytes | | Frames  Bytes | | Frames  Bytes |      Start     |              |
            127.0.0.1:57372            <-> 127.0.0.1:9092                   4 359 bytes       6 463 bytes      10 822 bytes     0.000000000         0.0026
            198.18.0.1:40000           <-> 198.18.0.2:80                  801 1163 kB        30 43 kB         831 1206 kB       0.000000000       899.0000
            ================================================================================
            ================================================================================
            UDP Conversations
            Filter:<No Filter>
                                                                       |       <-      | |       ->      | |     Total     |    Relative    |   Duration   |
                                                                       | Frames  Bytes | | Frames  Bytes | | Frames  Bytes |      Start     |              |
            ::1:50876                  <-> ::1:53                          15 1669 bytes      16 1415 bytes      31 3084 bytes     0.000000000         0.0038
            ================================================================================
            """;

    @Test
    void firstPairIsBtoAAndSecondIsAtoB() {
        List<Conversation> rows = ConvTableParser.parse(TSHARK_4_0);

        assertThat(rows).hasSize(3);
        assertThat(rows.getFirst()).as("the <- column is what A received, the -> column what A sent")
                .isEqualTo(new Conversation("tcp", InetAddress.ofLiteral("127.0.0.1"), 57372,
                        InetAddress.ofLiteral("127.0.0.1"), 9092, 6, 463, 4, 359));
    }

    @Test
    void roundedByteCountsAreMarked() {
        Conversation c = ConvTableParser.parse(TSHARK_4_0).get(1);

        assertThat(c.framesAtoB()).isEqualTo(30);
        assertThat(c.framesBtoA()).isEqualTo(801);
        assertThat(c.bytesAtoB()).as("43 kB is not an exact count").isEqualTo(ConvTableParser.ROUNDED);
        assertThat(c.bytesBtoA()).isEqualTo(ConvTableParser.ROUNDED);
    }

    @Test
    void ipv6EndpointsParseWithAndWithoutBrackets() {
        Conversation plain = ConvTableParser.parse(TSHARK_4_0).get(2);
        Conversation bracketed = ConvTableParser.parse(TSHARK_4_0.replace("::1:50876", "[::1]:50876")
                .replace("::1:53 ", "[::1]:53")).get(2);

        assertThat(plain.proto()).isEqualTo("udp");
        assertThat(plain.addrA()).isEqualTo(InetAddress.ofLiteral("::1"));
        assertThat(plain.portA()).isEqualTo(50876);
        assertThat(plain.portB()).isEqualTo(53);
        assertThat(bracketed).isEqualTo(plain);
    }
}
