package io.flowlens.job.flow;

/**
 * A flow's ICMP/ICMPv6 bookkeeping: echo RTT by (id, seq) and error counts of the current slice. Its own object,
 * made on the flow's first ICMP packet, because most flows never carry one and the reader holds every active flow.
 */
final class IcmpState implements java.io.Serializable {
    private static final int ECHO_SLOTS = 8;

    long echoRttSamples;
    double echoRttSumNs;
    long unreachable, timeExceeded;
    /** Outstanding echo requests: (id << 16 | seq) and send time, a small ring. */
    private final long[] echoKeys = new long[ECHO_SLOTS];
    private final long[] echoTimes = new long[ECHO_SLOTS];
    private int echoNext;

    void add(int protocol, int type, int id, int seq, long tsNs) {
        boolean v6 = protocol == 58;
        int request = v6 ? 128 : 8, reply = v6 ? 129 : 0;
        long k = ((long) id << 16) | seq;
        if (type == request) {
            echoKeys[echoNext] = k;
            echoTimes[echoNext] = tsNs;
            echoNext = (echoNext + 1) % ECHO_SLOTS;
        } else if (type == reply) {
            for (int i = 0; i < ECHO_SLOTS; i++) {
                if (echoKeys[i] == k && echoTimes[i] != 0) {
                    echoRttSamples++;
                    echoRttSumNs += tsNs - echoTimes[i];
                    echoTimes[i] = 0;
                    break;
                }
            }
        } else if (type == (v6 ? 1 : 3)) {
            unreachable++;
        } else if (type == (v6 ? 3 : 11)) {
            timeExceeded++;
        }
    }

    /** Slice counts to zero; outstanding echo requests stay for replies in the next slice. */
    void clearSlice() {
        echoRttSamples = 0;
        echoRttSumNs = 0;
        unreachable = timeExceeded = 0;
    }
}
