package io.flowlens.job.hubble;

import io.flowlens.job.flow.FlowIds;
import io.flowlens.sources.hubble.HubbleFlow;
import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * Puts a Hubble flow on flowlens's flow grid: its addresses in the text form flowlens writes (dotted IPv4, RFC 5952
 * IPv6) and the flow_id of its canonical 5-tuple, so that both directions of a connection, as Hubble reports them,
 * land on the flowlens flow of that connection.
 */
public final class HubbleKeys {
    private HubbleKeys() {}

    /**
     * Rewrites the flow's addresses in flowlens's text form and returns its flow_id, or null when an address is not
     * an IP literal (never looked up in DNS).
     */
    public static String normalizeAndKey(HubbleFlow f) {
        long[] s = address(f.srcIp), d = address(f.dstIp);
        if (s == null || d == null) {
            return null;
        }
        f.srcIp = FlowIds.address(s[0], s[1]);
        f.dstIp = FlowIds.address(d[0], d[1]);
        int c = Long.compareUnsigned(s[0], d[0]);
        if (c == 0) {
            c = Long.compareUnsigned(s[1], d[1]);
        }
        if (c == 0) {
            c = Integer.compare(f.srcPort, f.dstPort);
        }
        return c <= 0 ? FlowIds.flowId(f.protocol, f.srcIp, f.srcPort, f.dstIp, f.dstPort)
                : FlowIds.flowId(f.protocol, f.dstIp, f.dstPort, f.srcIp, f.srcPort);
    }

    /** The address as 128 bits (IPv4 v4-mapped, as the capture keys it), or null when not an IP literal. */
    static long[] address(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        InetAddress a;
        try {
            a = InetAddress.ofLiteral(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            byte[] m = new byte[16];
            m[10] = (byte) 0xff;
            m[11] = (byte) 0xff;
            System.arraycopy(b, 0, m, 12, 4);
            b = m;
        }
        long hi = 0, lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = hi << 8 | (b[i] & 0xff);
            lo = lo << 8 | (b[8 + i] & 0xff);
        }
        return new long[] {hi, lo};
    }
}
