package io.flowlens.sources.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.sources.bpf.BpfObject;
import io.flowlens.sources.bpf.Counter;
import io.flowlens.sources.bpf.CounterSnapshot;
import io.flowlens.sources.bpf.KernelTest;
import io.flowlens.sources.bpf.TcAttacher;
import io.flowlens.testkit.CurlResult;
import io.flowlens.testkit.HttpServer;
import io.flowlens.testkit.NetNs;
import io.flowlens.testkit.Topology;
import io.flowlens.testkit.Traffic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bulk HTTP downloads over a veth, captured live: the kernel exports only message starts, so the payload bytes that
 * leave it stay under 1 KB per MB transferred (issue target; docs/benchmarks.md has the measured figure). The body is
 * random bytes, as compressed or encrypted content is, so no signature gets an easy ride.
 */
@KernelTest
@ExtendWith(LiveCaptureEnvironment.class)
class BulkPayloadExportKernelTest {
    private static final int DOWNLOADS = 4, BODY_BYTES = 4 << 20, HTTP_PORT = 8080;
    private static final double MB = 1e6;

    @TempDir
    Path dir;

    @Test
    void bulkTransferExportsOnlyMessageStarts() throws Exception {
        byte[] body = new byte[BODY_BYTES];
        new Random(7).nextBytes(body);
        Files.write(dir.resolve("bulk"), body);
        long[] exported = new long[3]; // segments with payload, their bytes, wire bytes seen
        TreeMap<Integer, Integer> byClass = new TreeMap<>();
        CounterSnapshot counters;
        try (Topology t = Topology.hostAndNs();
                HttpServer http = Traffic.httpServer(t.server(), t.serverV4(), HTTP_PORT, dir);
                LiveCapture live = LiveCapture.start(InterfaceSpec.parse(t.link().host().name()),
                        BpfObject.Options.defaults(), TcAttacher.Mode.AUTO, Duration.ofMinutes(2))) {
            CaptureHandler tally = (p, ts) -> {
                exported[2] += p.ipLength();
                if (p.caplen() > 0) {
                    exported[0]++;
                    exported[1] += p.caplen();
                    byClass.merge(p.l7Class(), 1, Integer::sum);
                }
            };
            for (int i = 0; i < DOWNLOADS; i++) {
                CurlResult curl = Traffic.curl(NetNs.root(), http.url("/bulk"), Duration.ofSeconds(30));
                assertThat(curl.bodyBytes()).as(curl.stderr()).isEqualTo(BODY_BYTES);
                while (live.poll(tally, 10_000) > 0) {
                    // drain between downloads, so the ring never fills
                }
            }
            counters = live.counters();
        }
        assertThat(counters.get(Counter.RINGBUF_DROPS)).isZero();
        double mb = DOWNLOADS * BODY_BYTES / MB, perMb = counters.get(Counter.PAYLOAD_BYTES) / mb;
        System.out.printf("bulk HTTP: %d downloads of %d bytes (%.1f MB of body, %.1f MB of IP packets): kernel exported"
                        + " %d payload bytes in %d records (by class %s) = %.1f bytes per MB%n", DOWNLOADS, BODY_BYTES,
                mb, exported[2] / MB, counters.get(Counter.PAYLOAD_BYTES), exported[0], byClass, perMb);
        assertThat(exported[1]).as("payload bytes polled = the kernel's counter")
                .isEqualTo(counters.get(Counter.PAYLOAD_BYTES));
        assertThat(byClass.keySet()).as("only HTTP/1 request and response starts").containsOnly(1, 2);
        assertThat(exported[0]).as("one request start and one response start per download").isEqualTo(2L * DOWNLOADS);
        assertThat(perMb).as("payload bytes exported per MB of bulk HTTP").isLessThan(1024);
    }
}
