package io.flowlens.job.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.job.schema.FlowSchema;
import io.flowlens.sources.bpf.KernelTest;
import io.flowlens.testkit.SharedTestData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shared capture through the whole flow pipeline (real TC program, reader slicing, windows): per flow and
 * window, packet, byte, TCP flag and TCP analysis counts equal tshark's on the same file.
 */
@KernelTest
class FlowDatasetAccuracyTest {
    private static final long WINDOW_MS = 5_000;

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static List<Path> captures() {
        return SharedTestData.pcapFiles();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void flowWindowsEqualTsharks(Path capture) throws Exception {
        Map<String, long[]> expected = TsharkFlowWindows.of(capture, WINDOW_MS);
        Map<String, long[]> actual = new TreeMap<>();
        for (Row r : ReplayRun.rows(capture, Duration.ofMillis(WINDOW_MS), 2)) {
            int proto = (Integer) r.getField(FlowSchema.FLOWS.index("protocol"));
            if (proto != 1 && proto != 6 && proto != 17 && proto != 58) {
                continue;
            }
            String src = TsharkFlowWindows.endpoint(field(r, "src_ip"), field(r, "src_port"));
            String dst = TsharkFlowWindows.endpoint(field(r, "dst_ip"), field(r, "dst_port"));
            String key = TsharkFlowWindows.key(proto, src, dst, field(r, "window_start_ms"));
            long[] c = new long[TsharkFlowWindows.COUNTS.length];
            for (int i = 0; i < c.length; i++) {
                c[i] = ((Number) r.getField(FlowSchema.FLOWS.index(TsharkFlowWindows.COUNTS[i]))).longValue();
            }
            assertThat(actual.put(key, c)).as("one row per flow and window: %s", key).isNull();
        }
        assertThat(render(actual)).as("flow windows of %s, as tshark dissects them", capture.getFileName())
                .containsExactlyInAnyOrderElementsOf(render(expected));
    }


    @SuppressWarnings("unchecked")
    private static <T> T field(Row r, String column) {
        return (T) r.getField(FlowSchema.FLOWS.index(column));
    }

    private static List<String> render(Map<String, long[]> m) {
        List<String> lines = new ArrayList<>();
        m.forEach((k, c) -> {
            StringBuilder b = new StringBuilder(k);
            for (int i = 0; i < c.length; i++) {
                b.append(' ').append(TsharkFlowWindows.COUNTS[i]).append('=').append(c[i]);
            }
            lines.add(b.toString());
        });
        return lines;
    }
}
