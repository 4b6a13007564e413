package io.flowlens.sources.capture;

import java.util.Collection;

/**
 * How many segments of one direction of a TCP connection carried each flag, counted the same way for flowlens's
 * records and tshark's {@code tcp.flags}. A SYN-ACK counts as SYN-ACK only, not also as SYN. A GSO super-packet's
 * flags count once: segmentation puts FIN and PSH on its last wire segment only, and SYN is never segmented.
 */
record TcpFlagCounts(int syn, int synAck, int fin, int rst, int psh) {
    private static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10;

    static TcpFlagCounts of(Collection<Integer> flagBytes) {
        int syn = 0, synAck = 0, fin = 0, rst = 0, psh = 0;
        for (int f : flagBytes) {
            if ((f & SYN) != 0) {
                if ((f & ACK) != 0) {
                    synAck++;
                } else {
                    syn++;
                }
            }
            fin += (f & FIN) != 0 ? 1 : 0;
            rst += (f & RST) != 0 ? 1 : 0;
            psh += (f & PSH) != 0 ? 1 : 0;
        }
        return new TcpFlagCounts(syn, synAck, fin, rst, psh);
    }
}
