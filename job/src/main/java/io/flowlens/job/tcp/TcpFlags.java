package io.flowlens.job.tcp;

/** Bits of the TCP header's flags byte, as the kernel record carries them (RFC 9293 §3.1). */
public final class TcpFlags {
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;

    private TcpFlags() {}

    static boolean has(int flags, int bit) {
        return (flags & bit) != 0;
    }

    /** A SYN without ACK: a connection request. */
    static boolean isSyn(int flags) {
        return (flags & (SYN | ACK)) == SYN;
    }

    static boolean isSynAck(int flags) {
        return (flags & (SYN | ACK)) == (SYN | ACK);
    }
}
