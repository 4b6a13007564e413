package io.flowlens.job.l7.icmp;

import io.flowlens.job.l7.L7Segment;
import io.flowlens.job.l7.L7Session;
import io.flowlens.job.l7.Transaction;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * ICMP and ICMPv6 of one flow (the kernel record's type, code, id and sequence, see SegmentEvent.ICMP): echo
 * requests matched to replies by id and sequence (an RTT each), destination-unreachable and time-exceeded messages
 * as transactions of their own. At most {@link #MAX_OUTSTANDING} echoes wait; older ones leave unanswered.
 */
public final class IcmpSession implements L7Session {
    static final int MAX_OUTSTANDING = 64;
    private final boolean v6;
    private final Map<Integer, Transaction> echoes = new LinkedHashMap<>();
    private long malformed;

    /** @param ipProtocol 1 for ICMP, 58 for ICMPv6 */
    public IcmpSession(int ipProtocol) {
        this.v6 = ipProtocol == 58;
    }

    @Override
    public void onSegment(L7Segment s, Consumer<Transaction> out) {
        byte[] b = s.bytes();
        if (b == null || b.length < 6) {
            malformed++;
            return;
        }
        int type = b[0] & 0xff;
        int key = ((b[2] & 0xff) << 24) | ((b[3] & 0xff) << 16) | ((b[4] & 0xff) << 8) | (b[5] & 0xff);
        if (type == (v6 ? 128 : 8)) {
            if (echoes.size() >= MAX_OUTSTANDING) {
                var oldest = echoes.entrySet().iterator();
                out.accept(oldest.next().getValue());
                oldest.remove();
            }
            Transaction t = new Transaction();
            t.protocol = "icmp";
            t.method = "ECHO";
            t.requestNanos = s.tsNanos();
            echoes.put(key, t);
        } else if (type == (v6 ? 129 : 0)) {
            Transaction t = echoes.remove(key);
            if (t != null) {
                t.responseNanos = s.tsNanos();
                t.status = 0;
                out.accept(t);
            }
        } else if (type == (v6 ? 1 : 3) || type == (v6 ? 3 : 11)) {
            Transaction t = new Transaction();
            t.protocol = "icmp";
            t.method = type == (v6 ? 1 : 3) ? "UNREACHABLE" : "TIME_EXCEEDED";
            t.requestNanos = s.tsNanos();
            t.status = type;
            t.message = "code " + (b[1] & 0xff);
            out.accept(t);
        }
    }

    @Override
    public void close(Consumer<Transaction> out) {
        echoes.values().forEach(out);
        echoes.clear();
    }

    @Override
    public long malformed() {
        return malformed;
    }
}
