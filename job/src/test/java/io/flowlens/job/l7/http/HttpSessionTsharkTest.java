package io.flowlens.job.l7.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.job.l7.ReplayedSessions;
import io.flowlens.job.l7.Transaction;
import io.flowlens.sources.bpf.BpfObject;
import io.flowlens.sources.bpf.KernelTest;
import io.flowlens.sources.capture.CaptureReplay;
import io.flowlens.testkit.SharedTestData;
import io.flowlens.testkit.TsharkOracle;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shared HTTP captures replayed through the real TC program into one {@link HttpSession} per connection: per
 * connection, the requests (method and path, query redacted) and the response codes in order equal what tshark's
 * HTTP dissector reads from the whole file, except that a target the payload cap cut must end in "…" and be a
 * prefix of tshark's.
 */
@KernelTest
class HttpSessionTsharkTest {

    /**
     * Every capture at the default cap (those without HTTP must give no HTTP transactions); the HTTP ones also at the
     * largest cap and at one that cuts some of their request lines.
     */
    static List<Arguments> captures() {
        return SharedTestData.pcapFiles().stream()
                .flatMap(p -> p.getFileName().toString().contains("http")
                        ? Stream.of(Arguments.of(p, 128), Arguments.of(p, 256), Arguments.of(p, 48))
                        : Stream.of(Arguments.of(p, 128)))
                .toList();
    }

    @ParameterizedTest(name = "{0} cap {1}")
    @MethodSource("captures")
    void requestsAndResponseCodesPerConnectionEqualTsharks(Path capture, int cap) throws IOException {
        ReplayedSessions replayed = new ReplayedSessions();
        try (CaptureReplay replay = new CaptureReplay(capture, BpfObject.Options.defaults().withPayloadCap(cap))) {
            while (!replay.isFinished()) {
                replay.poll(replayed, 1000);
            }
        }
        replayed.finish();
        Map<String, List<String>[]> expected = tshark(capture);
        if (expected.isEmpty()) {
            assertThat(replayed.flows.values()).as("no HTTP where tshark finds none")
                    .allSatisfy(f -> assertThat(f.out).filteredOn(t -> t.protocol.equals("http")).isEmpty());
            return;
        }

        int requests = 0, responses = 0, cut = 0, expectedCut = 0;
        for (Map.Entry<String, List<String>[]> e : expected.entrySet()) {
            ReplayedSessions.Flow flow = replayed.flows.get(e.getKey());
            assertThat(flow).as("connection %s replayed", e.getKey()).isNotNull();
            List<String> ourRequests = flow.out.stream().filter(t -> t.method != null)
                    .sorted(Comparator.comparingLong(t -> t.requestNanos)).map(t -> t.method + " " + t.target)
                    .toList();
            List<String> theirs = new ArrayList<>();
            for (String request : e.getValue()[0]) {
                theirs.add(redacted(request));
                expectedCut += cutAt(request, cap) ? 1 : 0;
            }
            for (int i = 0; i < Math.min(theirs.size(), ourRequests.size()); i++) {
                String ours = ourRequests.get(i);
                if (ours.endsWith("…")) {
                    String whole = ours.substring(0, ours.length() - 1);
                    // a prefix, perhaps the whole: the cap may end just before the space that would say so
                    assertThat(theirs.get(i)).as("a cut target is a prefix of the real one").startsWith(whole);
                    theirs.set(i, ours);
                    cut++;
                }
            }
            assertThat(ourRequests).as("requests of %s in %s", e.getKey(), capture.getFileName())
                    .containsExactlyElementsOf(theirs);
            List<String> ourCodes = flow.out.stream().filter(t -> t.status != null)
                    .sorted(Comparator.comparingLong(t -> t.responseNanos)).map(t -> t.status.toString()).toList();
            assertThat(ourCodes).as("response codes of %s in %s", e.getKey(), capture.getFileName())
                    .containsExactlyElementsOf(e.getValue()[1]);
            assertThat(flow.http.malformed()).isZero();
            requests += ourRequests.size();
            responses += ourCodes.size();
        }
        long unattributed = replayed.flows.values().stream().mapToLong(f -> f.http.unattributed()).sum();
        System.out.printf("%s cap %d: %d connections, %d requests (%d targets cut), %d responses agree with "
                        + "tshark; %d unattributed%n",
                capture.getFileName(), cap, expected.size(), requests, cut, responses, unattributed);
        assertThat(cut).as("targets marked cut: exactly those whose end lies past the cap").isEqualTo(expectedCut);
    }

    /** "GET /p?q" → "GET /p?": the session's default redaction. */
    private static String redacted(String request) {
        int q = request.indexOf('?');
        return q < 0 ? request : request.substring(0, q + 1);
    }

    /** Whether a cap leaves the request line's path unfinished: neither the space after it nor a '?' visible. */
    private static boolean cutAt(String request, int cap) {
        int q = request.indexOf('?');
        return request.length() >= cap && (q < 0 || q >= cap);
    }

    /** Per connection key: [requests "METHOD uri", response codes], in capture order. */
    @SuppressWarnings("unchecked")
    private static Map<String, List<String>[]> tshark(Path capture) {
        Map<String, List<String>[]> flows = new LinkedHashMap<>();
        // body reassembly off: tshark then reports each response at its start, as the kernel exports it, instead of
        // only those whose whole body it could reassemble
        for (String[] f : TsharkOracle.fieldsWithPreferences(capture, List.of("http.desegment_body:FALSE"),
                "http.request || http.response",
                "ip.src", "ipv6.src", "tcp.srcport", "ip.dst", "ipv6.dst", "tcp.dstport",
                "http.request.method", "http.request.uri", "http.response.code")) {
            String src = ReplayedSessions.endpoint(InetAddress.ofLiteral(f[0].isEmpty() ? f[1] : f[0]),
                    Integer.parseInt(f[2]));
            String dst = ReplayedSessions.endpoint(InetAddress.ofLiteral(f[3].isEmpty() ? f[4] : f[3]),
                    Integer.parseInt(f[5]));
            List<String>[] lists = flows.computeIfAbsent(ReplayedSessions.key(src, dst),
                    k -> new List[] {new ArrayList<String>(), new ArrayList<String>()});
            if (!f[6].isEmpty()) {
                String[] methods = f[6].split(","), uris = f[7].split(",");
                for (int i = 0; i < methods.length; i++) {
                    lists[0].add(methods[i] + " " + uris[i]);
                }
            }
            if (!f[8].isEmpty()) {
                lists[1].addAll(List.of(f[8].split(",")));
            }
        }
        return flows;
    }
}
