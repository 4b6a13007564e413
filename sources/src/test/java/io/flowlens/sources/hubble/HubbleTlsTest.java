package io.flowlens.sources.hubble;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.testkit.Command;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS and mutual TLS to a relay, with certificates openssl makes for the test (a CA, a server certificate for
 * Hubble Relay's name, a client certificate): the flows arrive over both; without a client certificate the
 * mutual-TLS server lets nothing through, and the client neither fails nor claims to be connected.
 */
class HubbleTlsTest {
    static final String SERVER_NAME = "relay.hubble-relay.cilium.io";
    @TempDir
    static Path pki;
    static List<RecordedHubbleFlows.Line> lines;
    static List<byte[]> messages;

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<HubbleGrpcFollower> followers = new ArrayList<>();

    @BeforeAll
    static void makeCertificates() throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=flowlens test CA",
                "-keyout", "ca.key", "-out", "ca.pem");
        for (String who : new String[] {"server", "client"}) {
            String cn = who.equals("server") ? SERVER_NAME : "flowlens";
            openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", who + ".key"); // PKCS#8
            openssl("req", "-new", "-key", who + ".key", "-subj", "/CN=" + cn, "-out", who + ".csr");
            java.nio.file.Files.writeString(pki.resolve(who + ".ext"), who.equals("server")
                    ? "subjectAltName=DNS:" + SERVER_NAME + "\nextendedKeyUsage=serverAuth\n" : "extendedKeyUsage=clientAuth\n");
            openssl("x509", "-req", "-in", who + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days",
                    "1", "-extfile", who + ".ext", "-out", who + ".pem");
        }
        lines = RecordedHubbleFlows.lines(List.of("hubble-otel_basic-sample-10-flows.json"));
        messages = ObserverReplayServer.recorded(lines);
    }

    private static void openssl(String... args) {
        List<String> argv = new ArrayList<>(List.of("openssl"));
        for (String a : args) {
            argv.add(a.endsWith(".key") || a.endsWith(".pem") || a.endsWith(".csr") || a.endsWith(".ext")
                    ? pki.resolve(a).toString() : a);
        }
        Command.run(argv.toArray(String[]::new)).checked();
    }

    @AfterEach
    void stop() throws InterruptedException {
        followers.forEach(HubbleGrpcFollower::close);
        threads.shutdownNow();
        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private CollectedFlows follow(HubbleConnection c, HubbleStatus status) {
        CollectedFlows out = new CollectedFlows();
        HubbleGrpcFollower f = new HubbleGrpcFollower(c, status, 0, 50, 400, 2_000_000_000L, 60_000);
        followers.add(f);
        threads.submit(() -> {
            f.run(out::add);
            return null;
        });
        return out;
    }

    private static String file(String name) {
        return pki.resolve(name).toString();
    }

    @Test
    void tls() throws Exception {
        try (ObserverReplayServer server = ObserverReplayServer.tls(messages, pki.resolve("server.pem"), pki.resolve("server.key"), null)) {
            HubbleConnection c = new HubbleConnection("tls://127.0.0.1:" + server.port(), file("ca.pem"), null, null, SERVER_NAME);
            FlowExpectations.matchEveryLine(lines, follow(c, new HubbleStatus("tls")).await(lines.size(), 30, TimeUnit.SECONDS));
        }
    }

    @Test
    void mutualTls() throws Exception {
        try (ObserverReplayServer server = ObserverReplayServer.tls(messages, pki.resolve("server.pem"), pki.resolve("server.key"),
                pki.resolve("ca.pem"))) {
            HubbleConnection c = new HubbleConnection("127.0.0.1:" + server.port(), file("ca.pem"), file("client.pem"),
                    file("client.key"), SERVER_NAME);
            assertThat(c.tls()).as("a CA file turns TLS on").isTrue();
            FlowExpectations.matchEveryLine(lines, follow(c, new HubbleStatus("mtls")).await(lines.size(), 30, TimeUnit.SECONDS));
        }
    }

    @Test
    void mutualTlsWithoutAClientCertificateGetsNothing() throws Exception {
        try (ObserverReplayServer server = ObserverReplayServer.tls(messages, pki.resolve("server.pem"), pki.resolve("server.key"),
                pki.resolve("ca.pem"))) {
            HubbleStatus status = new HubbleStatus("no client cert");
            CollectedFlows out = follow(new HubbleConnection("tls://127.0.0.1:" + server.port(), file("ca.pem"), null, null,
                    SERVER_NAME), status);
            Thread.sleep(1_500);
            assertThat(out.snapshot()).isEmpty();
            assertThat(status.isConnected()).isFalse();
            assertThat(status.flows()).isZero();
        }
    }
}
