package io.flowlens.job.flow;

import io.flowlens.sources.bpf.PacketView;

/**
 * A flow's canonical bidirectional 5-tuple: the endpoint that sorts lower (address, then port) is "lo". Addresses
 * are 128-bit (IPv4 as v4-mapped IPv6), held as two longs. Mutable so the per-packet lookup reuses one probe
 * instance; a {@link FlowState} is its own key (it extends this class: one object per flow), set once and never changed.
 */
public class FlowKey implements java.io.Serializable {
    int protocol;
    long loHigh, loLow, hiHigh, hiLow;
    int loPort, hiPort;

    /**
     * Sets this key from a packet.
     *
     * @return true when the packet's source is the "lo" endpoint
     */
    boolean set(PacketView p) {
        protocol = p.l4Protocol();
        long sh = p.saddrHigh(), sl = p.saddrLow(), dh = p.daddrHigh(), dl = p.daddrLow();
        boolean ports = protocol == 6 || protocol == 17 || protocol == 132;
        int sp = ports ? p.sport() : 0, dp = ports ? p.dport() : 0;
        int c = Long.compareUnsigned(sh, dh);
        if (c == 0) {
            c = Long.compareUnsigned(sl, dl);
        }
        if (c == 0) {
            c = Integer.compare(sp, dp);
        }
        boolean srcIsLo = c <= 0;
        if (srcIsLo) {
            loHigh = sh; loLow = sl; loPort = sp;
            hiHigh = dh; hiLow = dl; hiPort = dp;
        } else {
            loHigh = dh; loLow = dl; loPort = dp;
            hiHigh = sh; hiLow = sl; hiPort = sp;
        }
        return srcIsLo;
    }

    void setKey(FlowKey k) {
        protocol = k.protocol;
        loHigh = k.loHigh; loLow = k.loLow; loPort = k.loPort;
        hiHigh = k.hiHigh; hiLow = k.hiLow; hiPort = k.hiPort;
    }

    final boolean sameKey(FlowKey k) {
        return protocol == k.protocol && loHigh == k.loHigh && loLow == k.loLow && hiHigh == k.hiHigh
                && hiLow == k.hiLow && loPort == k.loPort && hiPort == k.hiPort;
    }

    @Override
    public final boolean equals(Object o) {
        return o instanceof FlowKey k && sameKey(k);
    }

    @Override
    public final int hashCode() {
        long h = loHigh * 31 + loLow;
        h = h * 31 + hiHigh;
        h = h * 31 + hiLow;
        h = h * 31 + ((long) loPort << 16 | hiPort);
        h = h * 31 + protocol;
        return (int) (h ^ (h >>> 32));
    }
}
