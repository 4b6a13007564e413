package io.flowlens.job.l7;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.sources.bpf.KernelTest;
import io.flowlens.testkit.SharedTestData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    static Stream<Arguments> captures() {
        return SharedTestData.pcapFiles().stream().flatMap(p -> Stream.of(Arguments.of(p, 128), Arguments.of(p, 256)));
    }

    @ParameterizedTest(name = "{0} cap {1}")
    @MethodSource("captures")
    void dnsAndKafkaTransactionsEqualTsharks(Path capture, int cap) throws IOException {
        ReplayedL7 l7 = ReplayedL7.of(capture, cap);
        // HTTP/2 frames with flags 0 also pass the kernel's Kafka request signature; the connection's preface keeps
        // them HTTP/2 (flowlens.bpf.c connection_class), so the gRPC captures show no Kafka either
        List<String> dnsExpected = TsharkL7.dns(capture), kafkaExpected = TsharkL7.kafka(capture);
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
