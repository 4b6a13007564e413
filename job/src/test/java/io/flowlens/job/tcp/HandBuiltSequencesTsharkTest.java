package io.flowlens.job.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.testkit.Command;
import io.flowlens.testkit.Requirements;
import io.flowlens.testkit.TsharkOracle;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every packet sequence that {@link TcpFlowAnalyzerTest} builds by hand, written to a pcap and analysed by tshark:
 * for every packet, the analyzer's flags equal tshark's {@code tcp.analysis.*} flags, all thirteen kinds. The unit
 * tests say what the rules should do; this says the rules are tshark's.
 */
class HandBuiltSequencesTsharkTest {
    /** tshark field for each analyzer flag. */
    private static final Map<String, Integer> FIELDS = new LinkedHashMap<>();

    static {
        FIELDS.put("tcp.analysis.retransmission", TcpAnalysisFlags.RETRANSMISSION);
        FIELDS.put("tcp.analysis.fast_retransmission", TcpAnalysisFlags.FAST_RETRANSMISSION);
        FIELDS.put("tcp.analysis.spurious_retransmission", TcpAnalysisFlags.SPURIOUS_RETRANSMISSION);
        FIELDS.put("tcp.analysis.out_of_order", TcpAnalysisFlags.OUT_OF_ORDER);
        FIELDS.put("tcp.analysis.zero_window", TcpAnalysisFlags.ZERO_WINDOW);
        FIELDS.put("tcp.analysis.zero_window_probe", TcpAnalysisFlags.ZERO_WINDOW_PROBE);
        FIELDS.put("tcp.analysis.zero_window_probe_ack", TcpAnalysisFlags.ZERO_WINDOW_PROBE_ACK);
        FIELDS.put("tcp.analysis.keep_alive", TcpAnalysisFlags.KEEP_ALIVE);
        FIELDS.put("tcp.analysis.keep_alive_ack", TcpAnalysisFlags.KEEP_ALIVE_ACK);
        FIELDS.put("tcp.analysis.window_update", TcpAnalysisFlags.WINDOW_UPDATE);
        FIELDS.put("tcp.analysis.duplicate_ack", TcpAnalysisFlags.DUPLICATE_ACK);
        FIELDS.put("tcp.analysis.lost_segment", TcpAnalysisFlags.LOST_SEGMENT);
        FIELDS.put("tcp.analysis.ack_lost_segment", TcpAnalysisFlags.ACKED_UNSEEN);
    }

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> everyUnitTestSequenceIsFlaggedAsTsharkFlagsIt() {
        requireTshark();
        return Arrays.stream(TcpFlowAnalyzerTest.class.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(Test.class))
                .map(m -> DynamicTest.dynamicTest(m.getName(), () -> compareWithTshark(m)));
    }

    private void compareWithTshark(Method unitTest) throws Exception {
        List<Dialogue> dialogues = new ArrayList<>();
        Dialogue.RECORDER.set(dialogues);
        try {
            unitTest.setAccessible(true);
            unitTest.invoke(new TcpFlowAnalyzerTest());
        } finally {
            Dialogue.RECORDER.remove();
        }
        for (int i = 0; i < dialogues.size(); i++) {
            List<Dialogue.Sent> sent = dialogues.get(i).sent;
            if (sent.isEmpty()) {
                continue;
            }
            Path pcap = dir.resolve(unitTest.getName() + "-" + i + ".pcap");
            RawIpCapture.write(pcap, sent);
            List<String[]> rows = TsharkOracle.fields(pcap, "tcp", FIELDS.keySet().toArray(String[]::new));
            assertThat(rows).as("tshark sees every packet").hasSize(sent.size());
            List<String> ours = new ArrayList<>();
            List<String> tsharks = new ArrayList<>();
            for (int p = 0; p < sent.size(); p++) {
                ours.add(describe(p, sent.get(p).analysis()));
                tsharks.add(describe(p, tsharkFlags(rows.get(p))));
            }
            assertThat(ours).as("per-packet TCP analysis flags of %s", unitTest.getName())
                    .containsExactlyElementsOf(tsharks);
        }
    }

    private static int tsharkFlags(String[] row) {
        int flags = 0;
        int column = 0;
        for (int bit : FIELDS.values()) {
            if (!row[column++].isEmpty()) {
                flags |= bit;
            }
        }
        // tshark also shows tcp.analysis.retransmission on fast and spurious ones; the analyzer reports only the kind
        if ((flags & (TcpAnalysisFlags.FAST_RETRANSMISSION | TcpAnalysisFlags.SPURIOUS_RETRANSMISSION)) != 0) {
            flags &= ~TcpAnalysisFlags.RETRANSMISSION;
        }
        return flags;
    }

    private static String describe(int packet, int flags) {
        List<String> names = new ArrayList<>();
        FIELDS.forEach((field, bit) -> {
            if ((flags & bit) != 0) {
                names.add(field.substring("tcp.analysis.".length()));
            }
        });
        return "packet " + (packet + 1) + ": " + String.join(",", names);
    }

    private static void requireTshark() {
        try {
            Command.run("tshark", "--version").checked();
        } catch (RuntimeException e) {
            throw Requirements.unavailable("tshark is not installed (Debian package tshark): " + e.getMessage());
        }
    }
}
