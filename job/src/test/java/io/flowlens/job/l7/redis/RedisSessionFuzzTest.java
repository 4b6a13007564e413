package io.flowlens.job.l7.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.flowlens.job.l7.FuzzedSegments;
import io.flowlens.job.l7.Mutations;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Arbitrary segments (see {@link FuzzedSegments}) never make a {@link RedisSession} throw or hold more than its
 * bound of outstanding commands.
 *
 * <p>Without JAZZER_FUZZ the {@link FuzzTest} replays the seeds in
 * {@code src/test/resources/io/flowlens/job/l7/redis/RedisSessionFuzzTestInputs/}; to fuzz, run
 * {@code JAZZER_FUZZ=1 mvn -o -pl job test -Dtest=RedisSessionFuzzTest}. The random-segment test runs everywhere.
 */
class RedisSessionFuzzTest {
    private static final int BOUND = 8;

    @FuzzTest(maxDuration = "5m")
    void arbitrarySegmentsNeverThrowAndStayBounded(byte[] data) {
        RedisSession session = new RedisSession(BOUND);
        FuzzedSegments.feed(data, session, "redis", session::outstanding, BOUND);
    }

    @Test
    void mutatedValuesNeverThrowAndStayBounded() {
        String[] pieces = {"*2\r\n", "*3\r\n", "$3\r\nGET\r\n", "$9\r\nSUBSCRIBE\r\n", "$7\r\nmessage\r\n",
                "$11\r\nunsubscribe\r\n", ":0\r\n", ":1\r\n", "+OK\r\n", "-ERR x\r\n", "!3\r\nbad\r\n", ">3\r\n",
                "%1\r\n", "|1\r\n", "_\r\n", "$-1\r\n", "*-1\r\n", "$999\r\n", "PING\r\n", "$5\r\nRESET\r\n", "\r"};
        Random random = new Random(20261124);
        long transactions = 0;
        for (int run = 0; run < 3000; run++) {
            RedisSession session = new RedisSession(BOUND);
            transactions += FuzzedSegments.feed(
                    Mutations.segments(random, pieces), session, "redis", session::outstanding, BOUND);
        }
        assertThat(transactions).as("the sample reaches the pairing code").isGreaterThan(1000);
    }
}
