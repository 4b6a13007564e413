package io.flowlens.testkit;

import java.net.Inet4Address;
import java.net.Inet6Address;

/**
 * Ready-made test networks: a client and a server side joined by one {@link VethPair}. The pair's host end is the
 * client's, its peer end the server's. {@link #close()} removes everything it created.
 */
public final class Topology implements AutoCloseable {

    private final NetNs client;
    private final NetNs server;
    private final VethPair link;

    private Topology(NetNs client, NetNs server, VethPair link) {
        this.client = client;
        this.server = server;
        this.link = link;
    }

    /** Two namespaces, client and server, joined by a veth pair; nothing in the root namespace. */
    public static Topology twoHosts() {
        NetNs client = NetNs.create();
        try {
            return withClient(client);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /**
     * The root namespace as the client and one namespace as the server: the veth's host end stays in the root
     * namespace, so a TC program attached there sees the traffic.
     */
    public static Topology hostAndNs() {
        return withClient(NetNs.root());
    }

    private static Topology withClient(NetNs client) {
        NetNs server = NetNs.create();
        try {
            return new Topology(client, server, VethPair.create(client, server));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** Where the client runs ({@link NetNs#root()} for {@link #hostAndNs()}). */
    public NetNs client() {
        return client;
    }

    /** Where the server runs. */
    public NetNs server() {
        return server;
    }

    /** The veth pair; {@code link().host()} is the client's end. */
    public VethPair link() {
        return link;
    }

    /** The client's IPv4 address. */
    public Inet4Address clientV4() {
        return link.host().ipv4();
    }

    /** The server's IPv4 address. */
    public Inet4Address serverV4() {
        return link.peer().ipv4();
    }

    /** The client's IPv6 address. */
    public Inet6Address clientV6() {
        return link.host().ipv6();
    }

    /** The server's IPv6 address. */
    public Inet6Address serverV6() {
        return link.peer().ipv6();
    }

    /** Deletes the pair and the namespaces created for this topology (never the root namespace). */
    @Override
    public void close() {
        try {
            link.close();
        } finally {
            try {
                server.close();
            } finally {
                client.close();
            }
        }
    }
}
