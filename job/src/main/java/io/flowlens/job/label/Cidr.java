package io.flowlens.job.label;

import java.io.Serializable;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 or IPv6 network in CIDR notation ("198.18.0.0/15", "2001:db8::/32", or one address). */
public record Cidr(byte[] network, int prefix) implements Serializable {
    public static Cidr parse(String text) {
        String[] parts = text.split("/", 2);
        byte[] addr;
        try {
            if (!parts[0].matches("[0-9a-fA-F:.]+")) {
                throw new UnknownHostException(parts[0]); // never resolve names here
            }
            addr = InetAddress.getByName(parts[0]).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + parts[0]);
        }
        int prefix = addr.length * 8;
        if (parts.length == 2) {
            try {
                prefix = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > addr.length * 8) {
                throw new IllegalArgumentException("bad prefix length in " + text + " (0.." + addr.length * 8 + ")");
            }
        }
        return new Cidr(addr, prefix);
    }

    public boolean contains(InetAddress a) {
        byte[] b = a.getAddress();
        if (b.length != network.length) {
            return false;
        }
        int full = prefix / 8, rest = prefix % 8;
        for (int i = 0; i < full; i++) {
            if (b[i] != network[i]) {
                return false;
            }
        }
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (b[full] & mask) == (network[full] & mask);
    }
}
