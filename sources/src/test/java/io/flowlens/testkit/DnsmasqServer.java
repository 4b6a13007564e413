package io.flowlens.testkit;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * dnsmasq (Debian's dnsmasq-base) in the foreground as an authoritative-only DNS server on port 53 of one address
 * inside a namespace: no upstream, no /etc/hosts, no system configuration; it answers only the records it is given
 * (e.g. {@code --host-record=web.test,198.18.0.9,2001:2::9}, {@code --txt-record=...}) and, with
 * {@code --local=/test/}, NXDOMAIN for other names under that domain. {@link #close()} stops it.
 */
public final class DnsmasqServer implements AutoCloseable {
    private final BackgroundProcess process;

    private DnsmasqServer(BackgroundProcess process) {
        this.process = process;
    }

    /**
     * Starts dnsmasq and returns once it listens on UDP and TCP.
     *
     * @param work a folder for its pid file
     * @param records dnsmasq options that define what it serves
     */
    public static DnsmasqServer start(NetNs ns, InetAddress bind, Path work, String... records) {
        List<String> argv = new ArrayList<>(List.of("dnsmasq", "--keep-in-foreground", "--log-facility=-",
                "--conf-file=/dev/null", "--no-resolv", "--no-hosts", "--no-poll", "--bind-interfaces",
                "--listen-address=" + bind.getHostAddress(), "--port=53", "--user=root", "--group=root",
                "--pid-file=" + work.resolve("dnsmasq.pid"), "--log-queries"));
        argv.addAll(List.of(records));
        BackgroundProcess process = Listening.start(ns, "dnsmasq", bind, 53,
                List.of(Listening.Transport.UDP, Listening.Transport.TCP), argv.toArray(String[]::new));
        return new DnsmasqServer(process);
    }

    /** dnsmasq's log (with --log-queries, one line per query and answer). */
    public String output() {
        return process.output();
    }

    @Override
    public void close() {
        process.close();
    }
}
