package io.flowlens.job.l7.dns;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.flowlens.job.l7.SessionFuzzing;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Arbitrary segments never make a DnsSession throw or hold more than {@link DnsSession#MAX_OUTSTANDING} queries.
 * Without JAZZER_FUZZ the fuzz test replays the seeds in {@code src/test/resources/.../DnsSessionFuzzTestInputs/}; to
 * fuzz: {@code JAZZER_FUZZ=1 mvn -o -pl job test -Dtest=DnsSessionFuzzTest}.
 */
class DnsSessionFuzzTest {
    @FuzzTest(maxDuration = "2m")
    void randomSegmentsNeverThrowAndStayBounded(byte[] data) {
        DnsSession udp = DnsSession.udp(), tcp = DnsSession.tcp();
        SessionFuzzing.check(udp, data, udp::outstanding, DnsSession.MAX_OUTSTANDING);
        SessionFuzzing.check(tcp, data, tcp::outstanding, DnsSession.MAX_OUTSTANDING);
    }

    @Test
    void seededMutationsOfRealExchangesNeverThrow() {
        byte[] q = DnsBytes.query(7, "www.example.org", 1).bytes();
        byte[] r = DnsBytes.response(7, 0, 2, "www.example.org", 1).cname(5, "e.example.net").a(9, 10, 0, 0, 1).bytes();
        byte[] qt = DnsBytes.query(8, "a.example", 28).tcp();
        byte[] rt = DnsBytes.response(8, 0, 1, "a.example", 28).a(3, 0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)
                .tcp();
        byte[] valid = SessionFuzzing.encode(new boolean[] {true, false, true, false}, q, r, qt, rt);
        Random random = new Random(53);
        for (int i = 0; i < 20_000; i++) {
            randomSegmentsNeverThrowAndStayBounded(SessionFuzzing.mutate(valid, random));
        }
    }
}
