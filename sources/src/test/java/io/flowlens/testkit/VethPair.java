package io.flowlens.testkit;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A veth pair from a "host" namespace (the root namespace or a {@link NetNs}) to a "peer" {@link NetNs}, addressed
 * from a fresh {@link TestSubnet} (IPv4 /30 and IPv6 /64, DAD off so both work at once), links up.
 *
 * <p>By default TSO, GSO, GRO and TX checksumming are turned off on both ends ({@code ethtool -K}): with them on, TC
 * programs and capture tools see merged super-packets and packet counts stop matching. {@link #close()} deletes it.
 */
public final class VethPair implements AutoCloseable {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * One end of the pair.
     *
     * @param netns where it lives ({@link NetNs#root()} for the root namespace)
     * @param name interface name, at most 15 characters, starting with {@code flv} unless the test named it
     * @param ifindex interface index inside {@code netns}
     * @param ipv4 its address in the pair's /30
     * @param ipv6 its address in the pair's /64
     */
    public record End(NetNs netns, String name, int ifindex, Inet4Address ipv4, Inet6Address ipv6) {}

    private final End host;
    private final End peer;
    private final TestSubnet subnet;
    private volatile boolean closed;

    private VethPair(End host, End peer, TestSubnet subnet) {
        this.host = host;
        this.peer = peer;
        this.subnet = subnet;
    }

    /** Creates a pair with offloads off; see {@link #create(NetNs, NetNs, boolean)}. */
    public static VethPair create(NetNs host, NetNs peer) {
        return create(host, peer, false);
    }

    /**
     * Creates a pair.
     *
     * @param host where the first end goes: {@link NetNs#root()} (a TC program attached in the root namespace then
     *     sees the traffic) or a namespace
     * @param peer the namespace of the other end; not the root namespace and not {@code host}
     * @param keepOffloads true to leave TSO/GSO/GRO/TX checksumming as the kernel set them
     */
    public static VethPair create(NetNs host, NetNs peer, boolean keepOffloads) {
        byte[] random = new byte[2];
        RANDOM.nextBytes(random);
        // flv + counter + 4 hex + "a"/"b": at most 15 characters for the first 99999 pairs of a JVM
        return create(host, peer, keepOffloads, "flv" + (COUNTER.incrementAndGet() % 100_000)
                + HexFormat.of().formatHex(random));
    }

    /**
     * Creates a pair with offloads off whose ends are named {@code baseName + "a"} (host) and {@code baseName + "b"}
     * (peer), for a test that must know a name before the pair exists (an interface glob that matches only its own
     * pairs, never another test's).
     *
     * @param baseName 1 to 14 lower-case letters and digits, unique to the calling test
     */
    public static VethPair create(NetNs host, NetNs peer, String baseName) {
        if (!baseName.matches("[a-z0-9]{1,14}")) {
            throw new IllegalArgumentException("a veth base name is 1-14 lower-case letters and digits, was " + baseName);
        }
        return create(host, peer, false, baseName);
    }

    private static VethPair create(NetNs host, NetNs peer, boolean keepOffloads, String base) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(peer, "peer");
        if (peer.isRoot() || peer == host) {
            throw new IllegalArgumentException("the peer end needs its own namespace, not " + peer);
        }
        String hostName = base + "a";
        String peerName = base + "b";
        TestSubnet subnet = TestAddresses.nextSubnet();

        run(host.ip("link", "add", hostName, "type", "veth", "peer", "name", peerName, "netns", peer.name()));
        if (host.isRoot()) {
            Cleanup.rootLinkCreated(hostName);
        }
        VethPair pair = null;
        try {
            configure(host, hostName, subnet.hostV4().getHostAddress(), subnet.hostV6().getHostAddress(), keepOffloads);
            configure(peer, peerName, subnet.peerV4().getHostAddress(), subnet.peerV6().getHostAddress(), keepOffloads);
            pair = new VethPair(
                    new End(host, hostName, ifindex(host, hostName), subnet.hostV4(), subnet.hostV6()),
                    new End(peer, peerName, ifindex(peer, peerName), subnet.peerV4(), subnet.peerV6()),
                    subnet);
            return pair;
        } finally {
            if (pair == null) {
                Command.run(host.ip("link", "del", hostName).toArray(String[]::new));
                Cleanup.rootLinkRemoved(hostName);
            }
        }
    }

    /** The end in the host namespace (root, or the first namespace given). */
    public End host() {
        return host;
    }

    /** The end in the peer namespace. */
    public End peer() {
        return peer;
    }

    /** The addresses both ends were given. */
    public TestSubnet subnet() {
        return subnet;
    }

    /** Deletes the pair (deleting one end removes both); a pair whose namespace is already gone is ignored. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Command.Result result = Command.run(host.netns().ip("link", "del", host.name()).toArray(String[]::new));
        boolean gone = result.exitCode() == 0
                || result.stderr().contains("Cannot find device")
                || result.stderr().contains("No such file");
        if (!gone) {
            result.checked();
        }
        Cleanup.rootLinkRemoved(host.name());
    }

    private static void configure(NetNs ns, String dev, String v4, String v6, boolean keepOffloads) {
        run(ns.ip("addr", "add", v4 + "/" + TestSubnet.V4_PREFIX, "dev", dev));
        run(ns.ip("-6", "addr", "add", v6 + "/" + TestSubnet.V6_PREFIX, "dev", dev, "nodad"));
        if (!keepOffloads) {
            ns.exec("ethtool", "-K", dev, "tso", "off", "gso", "off", "gro", "off", "tx", "off").checked();
        }
        run(ns.ip("link", "set", dev, "up"));
    }

    private static int ifindex(NetNs ns, String dev) {
        // "12: flv1abcda@if11: <BROADCAST,..."
        String line = Command.run(ns.ip("-o", "link", "show", "dev", dev).toArray(String[]::new)).checked().stdout();
        return Integer.parseInt(line.substring(0, line.indexOf(':')).strip());
    }

    private static void run(List<String> argv) {
        Command.run(argv.toArray(String[]::new)).checked();
    }

    @Override
    public String toString() {
        return "veth(" + host.name() + "@" + host.netns() + " <-> " + peer.name() + "@" + peer.netns() + ")";
    }
}
