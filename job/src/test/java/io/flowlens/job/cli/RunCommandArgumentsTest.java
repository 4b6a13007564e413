package io.flowlens.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad arguments give one clear line and a non-zero exit before anything starts. */
class RunCommandArgumentsTest {
    @TempDir
    Path tmp;

    record Outcome(int exit, String out, String err) {}

    static Outcome run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int exit = FlowlensCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Outcome(exit, out.toString(), err.toString());
    }

    @Test
    void helpListsEveryOption() {
        Outcome o = run("run", "--help");
        assertThat(o.exit()).isZero();
        assertThat(o.out()).contains("<interface|all|list|glob>", "--pcap", "--duration", "--window", "--output-interval",
                "--label", "--labels", "--output", "--format", "--payload-cap");
    }

    @Test
    void nothingToCapture() {
        assertThat(run("run")).satisfies(o -> {
            assertThat(o.exit()).isEqualTo(2);
            assertThat(o.err()).contains("give interfaces to capture on").hasLineCount(1);
        });
    }

    @Test
    void badNumbersAndFormats() {
        assertThat(run("run", "lo", "--window", "0").err()).contains("--window must be a positive number of seconds");
        assertThat(run("run", "lo", "--duration", "-3").err()).contains("--duration must be a positive");
        assertThat(run("run", "lo", "--format", "json")).satisfies(o -> {
            assertThat(o.exit()).isEqualTo(2);
            assertThat(o.err()).contains("--format must be csv|parquet|both");
        });
        assertThat(run("run", "lo", "--window", "five").exit()).isEqualTo(2);
        assertThat(run("run", "lo", "--payload-cap", "0").err()).contains("--payload-cap must be 1..256 bytes, got 0");
        assertThat(run("run", "lo", "--payload-cap", "300").err()).contains("--payload-cap must be 1..256 bytes, got 300");
    }

    @Test
    void replayArgumentsAreChecked() {
        assertThat(run("run", "--pcap", tmp.resolve("missing.pcap").toString()).err()).contains("does not exist");
        assertThat(run("run", "lo", "--pcap", "x.pcap").err()).contains("not both");
    }

    @Test
    void hubbleArgumentsAreChecked() throws IOException {
        Path pcap = Files.createFile(tmp.resolve("x.pcap"));
        Path ca = Files.writeString(tmp.resolve("ca.pem"), "not checked before the connection");
        assertThat(run("run", "lo", "--hubble", "localhost:4245", "--hubble-file", "f.jsonl").err()).contains("not both");
        assertThat(run("run", "--pcap", pcap.toString(), "--hubble").err()).contains("a --pcap replay reads recorded ones with --hubble-file");
        assertThat(run("run", "--pcap", pcap.toString(), "--hubble-file", tmp.resolve("none.jsonl").toString()).err())
                .contains("Hubble flows file", "does not exist");
        assertThat(run("run", "lo", "--hubble-tls-ca", ca.toString()).err()).contains("--hubble-tls-* options need --hubble ADDR");
        assertThat(run("run", "lo", "--hubble", "relay-without-port").err()).contains("is not host:port");
        assertThat(run("run", "lo", "--hubble", "unix:///var/run/cilium/hubble.sock", "--hubble-tls-ca", ca.toString()).err())
                .contains("unix socket is plaintext");
        assertThat(run("run", "lo", "--hubble", "tls://relay:443", "--hubble-tls-cert", ca.toString()).err())
                .contains("needs both a client certificate and its key");
        assertThat(run("run", "lo", "--hubble", "--hubble-tls-ca", tmp.resolve("none.pem").toString()).err())
                .contains("Hubble TLS file", "does not exist");
        assertThat(run("run", "--help").out()).contains("--hubble", "--hubble-file", "--hubble-tls-ca", "--hubble-tls-cert",
                "--hubble-tls-key", "--hubble-tls-server-name");
    }

    @Test
    void labelRulesNameTheirLine() throws IOException {
        Path rules = Files.writeString(tmp.resolve("rules"), "# ok\nlabel=1 cidr=198.18.0.0/15\nlabel=2 port=99999\n");
        Outcome o = run("run", "lo", "--labels", rules.toString());
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).contains("line 3", "port out of range");
    }

    @Test
    void unknownInterfaceAndUnwritableOutput() throws IOException {
        Outcome o = run("run", "flnosuch0", "--duration", "1");
        assertThat(o.err()).contains("no network interface named 'flnosuch0'");
        assertThat(o.exit()).isNotZero();

        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        Outcome w = run("run", "lo", "--duration", "1", "--output", file.resolve("out").toString());
        assertThat(w.exit()).isEqualTo(2);
        assertThat(w.err()).contains("cannot write datasets to");
    }
}
