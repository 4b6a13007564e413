package io.flowlens.testkit;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The only addresses test traffic may go to: loopback and the benchmarking ranges 198.18.0.0/15 (RFC 2544) and
 * 2001:2::/48 (RFC 5180), which are never routed on the Internet. Hands out non-overlapping subnets from them.
 */
public final class TestAddresses {

    /** /30 subnets in 198.18.0.0/15. */
    static final int SLOTS = (1 << 17) / 4;

    private static final int V4_BASE = (198 << 24) | (18 << 16);

    // Sequential within a JVM, so pairs never clash; a random start makes a clash with a concurrently running JVM
    // (another worktree's tests, which may put an end in the root namespace too) unlikely.
    private static final AtomicInteger NEXT = new AtomicInteger(new SecureRandom().nextInt(SLOTS));

    private TestAddresses() {}

    /** The next free subnet; unique within this JVM for the first 32768 calls. */
    public static TestSubnet nextSubnet() {
        int slot = Math.floorMod(NEXT.getAndIncrement(), SLOTS);
        int base = V4_BASE + slot * 4;
        return new TestSubnet(slot, v4(base + 1), v4(base + 2), v6(slot, 1), v6(slot, 2));
    }

    /** Whether {@code address} is loopback or in one of the benchmarking ranges. */
    public static boolean isTestAddress(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return (b[0] & 0xff) == 198 && ((b[1] & 0xff) & 0xfe) == 18;
        }
        return b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x02 && b[4] == 0 && b[5] == 0;
    }

    /**
     * Parses an IP literal (IPv6 with or without brackets; host names are refused, they would need DNS) and checks
     * that test traffic may go there.
     *
     * @throws IllegalArgumentException if it is not a literal or not a test address
     */
    public static InetAddress requireTestAddress(String literal) {
        String bare = literal.startsWith("[") && literal.endsWith("]") ? literal.substring(1, literal.length() - 1) : literal;
        InetAddress address;
        try {
            address = InetAddress.ofLiteral(bare);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an IP literal: " + literal + " (tests send only to literal test addresses)", e);
        }
        if (!isTestAddress(address)) {
            throw new IllegalArgumentException(literal + " is outside loopback, 198.18.0.0/15 and 2001:2::/48;"
                    + " tests must not send traffic anywhere else");
        }
        return address;
    }

    /** Checks the host of an {@code http://} URL with {@link #requireTestAddress(String)}. */
    public static InetAddress requireTestUrl(String url) {
        String host = URI.create(url).getHost();
        if (host == null) {
            throw new IllegalArgumentException("no host in URL " + url);
        }
        return requireTestAddress(host);
    }

    /** An address as it appears in a URL: IPv6 in brackets. */
    public static String urlHost(InetAddress address) {
        return address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
    }

    private static Inet4Address v4(int value) {
        byte[] b = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        return (Inet4Address) byAddress(b);
    }

    private static Inet6Address v6(int slot, int host) {
        byte[] b = new byte[16];
        b[0] = 0x20;
        b[1] = 0x01;
        b[3] = 0x02;
        // 2001:2:0:<slot>::<host>; slot < 32768 fits the fourth group
        b[6] = (byte) (slot >>> 8);
        b[7] = (byte) slot;
        b[15] = (byte) host;
        return (Inet6Address) byAddress(b);
    }

    private static InetAddress byAddress(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
