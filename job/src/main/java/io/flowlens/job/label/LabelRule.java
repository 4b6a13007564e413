package io.flowlens.job.label;

import java.io.Serializable;
import java.net.InetAddress;

/**
 * One labelling rule: every condition given must hold (absent ones always do).
 *
 * @param fromMs window start at or after this (epoch ms), or Long.MIN_VALUE
 * @param toMs window start before this, or Long.MAX_VALUE
 * @param network the source or the destination address lies in it, or null
 * @param port the source or the destination port, or -1
 * @param protocol the IP protocol number, or -1
 */
public record LabelRule(int label, long fromMs, long toMs, Cidr network, int port, int protocol) implements Serializable {
    boolean matches(long windowStartMs, InetAddress src, InetAddress dst, int srcPort, int dstPort, int proto) {
        return windowStartMs >= fromMs && windowStartMs < toMs
                && (network == null || network.contains(src) || network.contains(dst))
                && (port < 0 || port == srcPort || port == dstPort)
                && (protocol < 0 || protocol == proto);
    }
}
