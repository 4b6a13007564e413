package io.flowlens.testkit;

import java.net.Inet4Address;
import java.net.Inet6Address;

/**
 * One point-to-point subnet from the benchmarking ranges, handed out by {@link TestAddresses#nextSubnet()}: a /30
 * from 198.18.0.0/15 (RFC 2544) and a /64 from 2001:2::/48 (RFC 5180).
 *
 * @param index the allocator's slot, unique within this JVM
 * @param hostV4 the first usable IPv4 address (x.x.x.1 of the /30)
 * @param peerV4 the second usable IPv4 address
 * @param hostV6 {@code 2001:2:0:<index>::1}
 * @param peerV6 {@code 2001:2:0:<index>::2}
 */
public record TestSubnet(int index, Inet4Address hostV4, Inet4Address peerV4, Inet6Address hostV6, Inet6Address peerV6) {

    /** Prefix length of the IPv4 subnet. */
    public static final int V4_PREFIX = 30;

    /** Prefix length of the IPv6 subnet. */
    public static final int V6_PREFIX = 64;
}
