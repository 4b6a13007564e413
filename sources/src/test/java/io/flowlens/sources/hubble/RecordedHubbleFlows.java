package io.flowlens.sources.hubble;

import io.flowlens.testkit.SharedTestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The recorded real Hubble flows of shared/testdata/hubble, read line by line with Jackson, independently of the
 * protobuf JSON parser under test: what each line says, as the expectation for the flows flowlens reads.
 */
public final class RecordedHubbleFlows {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The recorded files; basic-sample-5-dns-flows.json is left out: it is the first 5 lines of the 330 file. */
    public static final List<String> FILES = List.of("cilium-docs_exporter-drops.jsonl",
            "hubble-otel_basic-sample-10-flows.json", "hubble-otel_basic-sample-330-dns-flows.json",
            "hubble-otel_basic-sample-400-icmpv4-flows.json", "hubble-otel_basic-sample-400-tcp-flows.json");

    /** One recorded line, as Jackson reads it. */
    public record Line(Path file, int number, String text, JsonNode flow) {
        public long timeNanos() {
            Instant t = Instant.parse(flow.get("time").asText());
            return t.getEpochSecond() * 1_000_000_000L + t.getNano();
        }

        public String text(String... path) {
            JsonNode n = flow;
            for (String p : path) {
                n = n == null ? null : n.get(p);
            }
            return n == null || n.isNull() ? null : n.asText();
        }

        public int protocol() {
            JsonNode l4 = flow.get("l4");
            return l4.has("TCP") ? 6 : l4.has("UDP") ? 17 : l4.has("ICMPv4") ? 1 : l4.has("ICMPv6") ? 58 : -1;
        }

        public int port(String side) {
            JsonNode l4 = flow.get("l4");
            JsonNode p = l4.has("TCP") ? l4.get("TCP") : l4.has("UDP") ? l4.get("UDP") : null;
            return p == null || !p.has(side) ? 0 : p.get(side).asInt();
        }
    }

    private RecordedHubbleFlows() {}

    /** Every line of the named files, in file order. */
    public static List<Line> lines(List<String> files) {
        List<Line> out = new ArrayList<>();
        for (String name : files) {
            Path p = SharedTestData.hubbleDir().resolve(name);
            try {
                List<String> texts = Files.readAllLines(p);
                for (int i = 0; i < texts.size(); i++) {
                    if (!texts.get(i).isBlank()) {
                        out.add(new Line(p, i + 1, texts.get(i), JSON.readTree(texts.get(i)).get("flow")));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    public static List<Line> all() {
        return lines(FILES);
    }

    /** The recorded files' paths. */
    public static List<Path> paths() {
        return FILES.stream().map(f -> SharedTestData.hubbleDir().resolve(f)).toList();
    }
}
