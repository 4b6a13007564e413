package io.flowlens.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Tag("kernel")
class TsharkOracleKernelTest {

    private static final int PORT = 8080;
    // over 10000 bytes, so tshark prints "kB" and the exact-byte pass is exercised too
    private static final int BODY = 100_000;

    @BeforeAll
    static void needsRoot() {
        Requirements.requireRoot();
    }

    @AfterAll
    static void leavesNothingBehind() {
        assertThat(Cleanup.leftovers()).as("namespaces and links this JVM created and did not remove").isEmpty();
    }

    @ParameterizedTest(name = "{0} over IPv{1}")
    @CsvSource({"twoHosts, 4", "twoHosts, 6", "hostAndNs, 4", "hostAndNs, 6"})
    void oneCurlIsOneTcpConversationWithTheClientAsA(String topology, int ipVersion, @TempDir Path dir)
            throws Exception {
        Files.write(dir.resolve("blob"), new byte[BODY]);
        Path pcap = dir.resolve("curl.pcapng");
        try (Topology t = "twoHosts".equals(topology) ? Topology.twoHosts() : Topology.hostAndNs()) {
            InetAddress client = ipVersion == 4 ? t.clientV4() : t.clientV6();
            InetAddress server = ipVersion == 4 ? t.serverV4() : t.serverV6();
            try (HttpServer http = Traffic.httpServer(t.server(), server, PORT, dir);
                    Capture capture = TsharkOracle.capture(
                            t.client().name(), t.link().host().name(), pcap, "tcp port " + PORT)) {
                CurlResult fetched = Traffic.curl(t.client(), http.url("/blob"));
                assertThat(fetched.httpStatus()).as(fetched.stderr() + http.log()).isEqualTo(200);
                assertThat(fetched.bodyBytes()).isEqualTo(BODY);
                capture.stop();
            }

            List<Conversation> conversations = TsharkOracle.conversations(pcap);

            assertThat(conversations).as("one request to http.server is one TCP connection").hasSize(1);
            Conversation c = conversations.getFirst();
            assertThat(c.proto()).isEqualTo("tcp");
            assertThat(c.addrA()).as("A is the SYN sender, the client").isEqualTo(client);
            assertThat(c.addrB()).isEqualTo(server);
            assertThat(c.portB()).isEqualTo(PORT);
            assertThat(c.framesAtoB()).as("client→server frames").isPositive();
            assertThat(c.framesBtoA()).as("server→client frames").isPositive();
            assertThat(c.bytesBtoA()).as("the response body flows B→A").isGreaterThan(BODY);
            assertThat(c.bytesAtoB()).as("A only sent a request and ACKs").isLessThan(BODY / 2);

            String src = ipVersion == 4 ? "ip.src" : "ipv6.src";
            List<String[]> fromClient = TsharkOracle.fields(pcap, src + " == " + client.getHostAddress(),
                    "frame.len", "tcp.flags.syn", "tcp.flags.ack");
            assertThat(fromClient).as("framesAtoB counts the frames whose source is A").hasSize((int) c.framesAtoB());
            assertThat(fromClient.stream().mapToLong(f -> Long.parseLong(f[0])).sum()).isEqualTo(c.bytesAtoB());
            assertThat(fromClient.getFirst()).as("the client's first frame is the bare SYN")
                    .containsExactly(fromClient.getFirst()[0], "1", "0");
        }
    }
}
