package io.flowlens.job.l7.kafka;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.flowlens.job.l7.SessionFuzzing;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Arbitrary segments never make a KafkaSession throw or hold more than {@link KafkaSession#MAX_OUTSTANDING} requests.
 * Without JAZZER_FUZZ the fuzz test replays the seeds in {@code src/test/resources/.../KafkaSessionFuzzTestInputs/};
 * to fuzz: {@code JAZZER_FUZZ=1 mvn -o -pl job test -Dtest=KafkaSessionFuzzTest}.
 */
class KafkaSessionFuzzTest {
    @FuzzTest(maxDuration = "2m")
    void randomSegmentsNeverThrowAndStayBounded(byte[] data) {
        KafkaSession session = new KafkaSession();
        SessionFuzzing.check(session, data, session::outstanding, KafkaSession.MAX_OUTSTANDING);
    }

    @Test
    void seededMutationsOfEveryVersionNeverThrow() {
        Random random = new Random(9092);
        for (KafkaExchanges.Exchange e : KafkaExchanges.all()) {
            byte[] valid = SessionFuzzing.encode(new boolean[] {true, false}, e.request(), e.response());
            for (int i = 0; i < 300; i++) {
                randomSegmentsNeverThrowAndStayBounded(SessionFuzzing.mutate(valid, random));
            }
        }
    }
}
