package io.flowlens.job.l7.tls;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.flowlens.job.l7.SessionFuzzing;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Arbitrary segments never make a TlsSession throw (it keeps no state to bound). Without JAZZER_FUZZ the fuzz test
 * replays the seeds in {@code src/test/resources/.../TlsSessionFuzzTestInputs/}; to fuzz:
 * {@code JAZZER_FUZZ=1 mvn -o -pl job test -Dtest=TlsSessionFuzzTest}.
 */
class TlsSessionFuzzTest {
    @FuzzTest(maxDuration = "2m")
    void randomSegmentsNeverThrow(byte[] data) {
        SessionFuzzing.check(new TlsSession(), data, () -> 0, 0);
    }

    @Test
    void seededMutationsOfJdkClientHellosNeverThrow() {
        byte[] tls13 = ClientHellos.jdk("api.example.com", "TLSv1.3", "TLSv1.2");
        byte[] tls12 = ClientHellos.jdk("b.example", "TLSv1.2");
        // the prefixes a 256-byte cap leaves, starting at the fields that matter
        byte[] valid = SessionFuzzing.encode(new boolean[] {true, true}, tls13, tls12);
        Random random = new Random(443);
        for (int i = 0; i < 20_000; i++) {
            randomSegmentsNeverThrow(SessionFuzzing.mutate(valid, random));
        }
    }
}
