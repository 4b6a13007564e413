package io.flowlens.job.l7.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.job.l7.ReplayedL7;
import io.flowlens.job.l7.Transaction;
import io.flowlens.sources.bpf.KernelTest;
import io.flowlens.testkit.TsharkOracle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * No shared capture holds a TLS ClientHello, so JDK-written ones are wrapped into a capture by text2pcap (Ethernet,
 * IPv4, TCP to port 443), replayed through the real TC program and dissected by tshark: the kernel classifies each as
 * a ClientHello, and what TlsSession reports equals tshark's SNI and offered version. The kernel exports a ClientHello
 * up to 256 bytes whatever the payload cap (the SNI lies past byte 128 in most clients), so a cap of 128 loses
 * nothing of these.
 */
@KernelTest
class TlsClientHelloTsharkTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1} cap {2}")
    @CsvSource({"api.example.com, TLSv1.3, 128", "api.example.com, TLSv1.3, 256", "b.example, TLSv1.2, 128",
            "b.example, TLSv1.2, 256", "api.example.com, TLSv1.3, 24"})
    void sniAndVersionEqualTsharksAtEveryCap(String sni, String protocol, int cap) throws Exception {
        byte[] hello = ClientHellos.jdk(sni, protocol);
        Path capture = textToPcap(hello);
        List<String[]> tshark = TsharkOracle.fields(capture, "tls.handshake.type == 1",
                "tls.handshake.extensions_server_name", "tls.handshake.extensions.supported_version",
                "tls.handshake.version");
        assertThat(tshark).as("tshark sees one ClientHello").hasSize(1);
        String tsharkSni = tshark.getFirst()[0];
        String tsharkVersion = tshark.getFirst()[1].contains("0x0304") ? "TLS1.3" : tshark.getFirst()[1].isEmpty()
                ? ClientHello.name(Integer.decode(tshark.getFirst()[2])) : "TLS1.2";

        ReplayedL7 l7 = ReplayedL7.of(capture, cap);
        assertThat(l7.segmentsByClass[5]).as("the kernel classifies it as a ClientHello").isEqualTo(1);
        List<Transaction> tls = l7.of("tls");
        assertThat(tls).hasSize(1);
        Transaction t = tls.getFirst();
        System.out.printf("%s %s (%d bytes) at cap %d: ours sni=%s version=%s partial=%s; tshark %s %s%n", sni,
                protocol, hello.length, cap, t.target, t.tlsVersion, t.partial, tsharkSni, tsharkVersion);
        assertThat(t.partial).as("a JDK hello is longer than any cap").isTrue();
        assertThat(t.target).as("server_name fits in the 256 bytes exported").isEqualTo(tsharkSni);
        assertThat(t.tlsVersion).as("supported_versions fits too").isEqualTo(tsharkVersion);
    }

    /** The hello as one TCP segment from 10.0.0.1:40000 to 10.0.0.2:443 in a pcap written by text2pcap. */
    private Path textToPcap(byte[] payload) throws IOException, InterruptedException {
        StringBuilder dump = new StringBuilder();
        for (int i = 0; i < payload.length; i += 16) {
            dump.append(String.format("%06x ", i))
                    .append(HexFormat.ofDelimiter(" ").formatHex(payload, i, Math.min(payload.length, i + 16)))
                    .append('\n');
        }
        Path text = dir.resolve("hello.txt"), pcap = dir.resolve("hello.pcap");
        Files.writeString(text, dump);
        Process p = new ProcessBuilder("text2pcap", "-q", "-e", "0x800", "-4", "10.0.0.1,10.0.0.2", "-T", "40000,443",
                text.toString(), pcap.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("text2pcap: %s", output).isZero();
        return pcap;
    }
}
