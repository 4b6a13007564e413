package io.flowlens.sources.hubble;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON-lines reader on the recorded real flows (read where they are, in shared/testdata) and on files a test
 * writes: every flow with its fields, malformed lines counted and named, growth and rotation followed.
 */
class HubbleFileTailTest {
    @TempDir
    Path tmp;

    private static List<HubbleFlow> readToEnd(Path file, HubbleStatus status) throws Exception {
        List<HubbleFlow> flows = new ArrayList<>();
        new HubbleFileTail(file, 0, false, 50, status).run((f, offset) -> flows.add(f));
        return flows;
    }

    @Test
    void everyRecordedFlowWithItsFields() throws Exception {
        List<HubbleFlow> flows = new ArrayList<>();
        HubbleStatus status = new HubbleStatus("test");
        long start = System.nanoTime();
        for (Path p : RecordedHubbleFlows.paths()) {
            flows.addAll(readToEnd(p, status));
        }
        double ms = (System.nanoTime() - start) / 1e6;
        System.out.printf("hubble JSON lines: %d recorded flows parsed in %.0f ms (%.0f flows/s, first run, cold JIT)%n",
                flows.size(), ms, flows.size() / ms * 1000);
        FlowExpectations.matchEveryLine(RecordedHubbleFlows.all(), flows);
        assertThat(status.malformed()).isZero();
    }

    @Test
    void malformedLinesAreCountedNamedAndSkipped() throws Exception {
        List<RecordedHubbleFlows.Line> lines = RecordedHubbleFlows.lines(List.of("cilium-docs_exporter-drops.jsonl",
                "hubble-otel_basic-sample-10-flows.json"));
        List<String> text = new ArrayList<>();
        lines.forEach(l -> text.add(l.text()));
        text.add(2, "{\"flow\":{\"time\":\"2023-08-21T12:12:18Z\",\"verdict\":"); // cut mid-object
        text.add(5, "[1, 2, 3]");
        text.add(7, "");
        text.add(8, "{\"agent_event\":{\"type\":\"AGENT_STARTED\"}}"); // an exporter line that is not a flow
        Path file = Files.write(tmp.resolve("flows.jsonl"), text);
        HubbleStatus status = new HubbleStatus("test");
        List<HubbleFlow> flows = readToEnd(file, status);
        FlowExpectations.matchEveryLine(lines, flows);
        assertThat(status.malformed()).isEqualTo(2);
        assertThat(status.lastMalformed()).isEqualTo("line 6");
    }

    @Test
    void aLastLineWithoutNewlineIsReadAtTheEnd() throws Exception {
        List<RecordedHubbleFlows.Line> lines = RecordedHubbleFlows.lines(List.of("cilium-docs_exporter-drops.jsonl"));
        Path file = Files.writeString(tmp.resolve("flows.jsonl"), lines.get(0).text() + "\n" + lines.get(1).text());
        FlowExpectations.matchEveryLine(lines, readToEnd(file, new HubbleStatus("test")));
    }

    @Test
    void followsGrowthAndRotation() throws Exception {
        List<RecordedHubbleFlows.Line> lines = RecordedHubbleFlows.lines(List.of("hubble-otel_basic-sample-10-flows.json"));
        Path file = tmp.resolve("events.log");
        HubbleStatus status = new HubbleStatus("test");
        CollectedFlows out = new CollectedFlows();
        HubbleFileTail tail = new HubbleFileTail(file, 0, true, 20, status);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<?> run = thread.submit(() -> {
                tail.run((f, offset) -> out.add(f));
                return null;
            });
            Thread.sleep(100); // the file does not exist yet: the tail waits for it
            Files.writeString(file, lines.get(0).text() + "\n" + lines.get(1).text() + "\n");
            out.await(2, 10, TimeUnit.SECONDS);
            String third = lines.get(2).text();
            Files.writeString(file, third.substring(0, 100), StandardOpenOption.APPEND); // a line being written
            Thread.sleep(100);
            assertThat(out.snapshot()).as("half a line is not a flow yet").hasSize(2);
            Files.writeString(file, third.substring(100) + "\n" + lines.get(3).text() + "\n", StandardOpenOption.APPEND);
            out.await(4, 10, TimeUnit.SECONDS);
            // lumberjack's rotation: the last line lands in the old file just before it is renamed
            Files.writeString(file, lines.get(4).text() + "\n", StandardOpenOption.APPEND);
            Files.move(file, tmp.resolve("events-2026-12-02T16-00-00.000.log"));
            Thread.sleep(60);
            StringBuilder rest = new StringBuilder();
            for (int i = 5; i < lines.size(); i++) {
                rest.append(lines.get(i).text()).append('\n');
            }
            Files.writeString(file, rest);
            List<HubbleFlow> flows = out.await(lines.size(), 10, TimeUnit.SECONDS);
            Thread.sleep(100);
            FlowExpectations.matchEveryLine(lines, out.snapshot());
            assertThat(flows).hasSize(lines.size());
            tail.close();
            run.get(5, TimeUnit.SECONDS);
        } finally {
            thread.shutdownNow();
        }
    }
}
