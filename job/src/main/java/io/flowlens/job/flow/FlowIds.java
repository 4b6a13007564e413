package io.flowlens.job.flow;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Text forms of a flow's endpoints and its flow_id, computed once per slice (not per packet). */
public final class FlowIds {
    /** MessageDigest.getInstance looks the provider up and builds a digest each time: once per thread is enough. */
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(FlowIds::md5);

    private FlowIds() {}

    /** The address as text: dotted IPv4 for v4-mapped addresses, RFC 5952 compressed IPv6 otherwise. */
    public static String address(long high, long low) {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (high >>> (56 - 8 * i));
            b[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        try {
            InetAddress a = InetAddress.getByAddress(b); // v4-mapped becomes an Inet4Address
            return a instanceof java.net.Inet6Address ? compress(a.getHostAddress()) : a.getHostAddress();
        } catch (UnknownHostException e) {
            throw new AssertionError("16 bytes are always an address", e);
        }
    }

    /** Java prints every IPv6 group ("2001:2:0:0:0:0:0:1"); RFC 5952 compresses the longest zero run. */
    static String compress(String full) {
        String[] g = full.split(":");
        int bestStart = -1, bestLen = 0;
        for (int i = 0; i < g.length; ) {
            if (g[i].equals("0")) {
                int j = i;
                while (j < g.length && g[j].equals("0")) {
                    j++;
                }
                if (j - i > bestLen && j - i > 1) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        if (bestStart < 0) {
            return full;
        }
        String head = String.join(":", java.util.Arrays.copyOfRange(g, 0, bestStart));
        String tail = String.join(":", java.util.Arrays.copyOfRange(g, bestStart + bestLen, g.length));
        return head + "::" + tail;
    }

    /** MD5 (hex) of "proto|lo_ip|lo_port|hi_ip|hi_port": the same for both directions of a flow. */
    public static String flowId(int protocol, String loIp, int loPort, String hiIp, int hiPort) {
        String canonical = protocol + "|" + loIp + "|" + loPort + "|" + hiIp + "|" + hiPort;
        return HexFormat.of().formatHex(MD5.get().digest(canonical.getBytes(StandardCharsets.US_ASCII)));
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has MD5", e);
        }
    }
}
