package io.flowlens.sources.hubble;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and how to reach Hubble's Observer service: hubble-relay ({@code host:port}, default
 * {@code localhost:4245}; {@code tls://host:port} for TLS) or a node's local socket
 * ({@code unix:///var/run/cilium/hubble.sock}, plaintext). TLS is on with a {@code tls://} address or when any
 * certificate is given; a client certificate and key make it mutual TLS.
 *
 * @param address as given by the user
 * @param caFile PEM CA certificates that sign the server's certificate (null: the JDK's trust store)
 * @param certFile PEM client certificate for mutual TLS, or null
 * @param keyFile PEM (PKCS#8) private key of certFile, or null
 * @param serverName the name to check the server's certificate against (null: the address's host)
 */
public record HubbleConnection(String address, String caFile, String certFile, String keyFile, String serverName)
        implements Serializable {
    /** The relay address the hubble CLI uses by default ({@code cilium hubble port-forward} maps it). */
    public static final String DEFAULT_RELAY = "localhost:4245";
    /** The node's local Hubble server socket. */
    public static final String DEFAULT_SOCKET = "unix:///var/run/cilium/hubble.sock";

    public HubbleConnection {
        Objects.requireNonNull(address, "address");
        if (address.isBlank()) {
            throw new IllegalArgumentException("Hubble address is empty; give host:port, tls://host:port or unix:///path");
        }
        if ((certFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException("mutual TLS needs both a client certificate and its key");
        }
        boolean socket = address.startsWith("unix:");
        if (socket && (address.startsWith("tls://") || caFile != null || certFile != null || serverName != null)) {
            throw new IllegalArgumentException("Hubble's unix socket is plaintext; TLS options apply to a relay address");
        }
        if (!socket) {
            hostAndPort(address); // checks the form
        }
    }

    /** A plaintext connection to the address. */
    public static HubbleConnection plain(String address) {
        return new HubbleConnection(address, null, null, null, null);
    }

    /** A node-local unix socket (one per node) rather than a relay. */
    public boolean isSocket() {
        return address.startsWith("unix:");
    }

    /** The socket's file path. */
    public Path socketPath() {
        String p = address.substring("unix:".length());
        while (p.startsWith("//")) {
            p = p.substring(1);
        }
        return Path.of(p);
    }

    public boolean tls() {
        return address.startsWith("tls://") || caFile != null || certFile != null || serverName != null;
    }

    /** Host and port of a relay address. */
    public String[] hostAndPort() {
        return hostAndPort(address);
    }

    private static String[] hostAndPort(String address) {
        String a = address.startsWith("tls://") ? address.substring(6) : address;
        int colon = a.lastIndexOf(':');
        if (colon <= 0 || colon == a.length() - 1) {
            throw new IllegalArgumentException("Hubble address " + address + " is not host:port, tls://host:port or "
                    + "unix:///path (the relay's default is " + DEFAULT_RELAY + ")");
        }
        String host = a.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(a.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Hubble address " + address + " has no valid port (1..65535)");
        }
        return new String[] {host, a.substring(colon + 1)};
    }

    @Override
    public String toString() {
        return address + (certFile != null ? " (mutual TLS)" : tls() && !address.startsWith("tls://") ? " (TLS)" : "");
    }
}
