package io.flowlens.job.l7.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.flowlens.job.l7.FuzzedSegments;
import io.flowlens.job.l7.Mutations;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Arbitrary segments (see {@link FuzzedSegments}) never make an {@link HttpSession} throw or hold more than its
 * bound of outstanding requests.
 *
 * <p>Without JAZZER_FUZZ the {@link FuzzTest} replays the seeds in
 * {@code src/test/resources/io/flowlens/job/l7/http/HttpSessionFuzzTestInputs/}; to fuzz, run
 * {@code JAZZER_FUZZ=1 mvn -o -pl job test -Dtest=HttpSessionFuzzTest} (findings land in that folder and then replay
 * as regression tests). The random-segment test runs everywhere, as a fast fixed sample.
 */
class HttpSessionFuzzTest {
    private static final int BOUND = 8;

    @FuzzTest(maxDuration = "5m")
    void arbitrarySegmentsNeverThrowAndStayBounded(byte[] data) {
        HttpSession session = new HttpSession(false, BOUND);
        FuzzedSegments.feed(data, session, "http", session::outstanding, BOUND);
    }

    @Test
    void mutatedMessagesNeverThrowAndStayBounded() {
        String[] pieces = {"GET /a?b HTTP/1.1\r\n", "HTTP/1.1 200 OK\r\n", "HTTP/1.0 100 Continue\r\n",
                "Content-Length: 12\r\n", "Transfer-Encoding: chunked\r\n", "Connection: close\r\n",
                "Host: h\r\n", "\r\n", "POST / HTTP/1.1\r\n", "HTTP/1.1 204 No Content\r\n", "x", "\n", " "};
        Random random = new Random(20261124);
        long transactions = 0;
        for (int run = 0; run < 3000; run++) {
            HttpSession session = new HttpSession(random.nextBoolean(), BOUND);
            transactions += FuzzedSegments.feed(
                    Mutations.segments(random, pieces), session, "http", session::outstanding, BOUND);
        }
        assertThat(transactions).as("the sample reaches the pairing code").isGreaterThan(1000);
    }
}
