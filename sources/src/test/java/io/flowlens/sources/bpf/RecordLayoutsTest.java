package io.flowlens.sources.bpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java layouts against the compiled object's BTF, read by bpftool (an independent reader):
 * every field name, offset and size, and every struct size, so flowlens.h and Java cannot drift.
 */
class RecordLayoutsTest {
    private static final Pattern STRUCT = Pattern.compile("^\\[\\d+] STRUCT '(\\w+)' size=(\\d+) vlen=(\\d+)");
    private static final Pattern MEMBER = Pattern.compile("^\\s+'([\\w()]+)' type_id=\\d+ bits_offset=(\\d+)");
    static Map<String, BtfStruct> btf;

    record BtfStruct(int size, Map<String, Integer> offsets) {}

    @BeforeAll
    static void dumpBtf() throws Exception {
        Path o = Files.createTempFile("flowlens", ".bpf.o");
        try (InputStream in = RecordLayoutsTest.class.getResourceAsStream("/io/flowlens/bpf/flowlens.bpf.o")) {
            assertThat(in).as("compiled BPF object on the classpath").isNotNull();
            Files.write(o, in.readAllBytes());
        }
        Process p = new ProcessBuilder("bpftool", "btf", "dump", "file", o.toString(), "format", "raw")
                .redirectErrorStream(true).start();
        List<String> lines = new String(p.getInputStream().readAllBytes()).lines().toList();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("bpftool btf dump: %s", lines).isZero();
        Files.delete(o);
        btf = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = STRUCT.matcher(lines.get(i));
            if (m.find()) {
                Map<String, Integer> offs = new LinkedHashMap<>();
                int vlen = Integer.parseInt(m.group(3));
                for (int k = 1; k <= vlen; k++) {
                    Matcher mm = MEMBER.matcher(lines.get(i + k));
                    assertThat(mm.find()).as("member line %s", lines.get(i + k)).isTrue();
                    offs.put(mm.group(1), Integer.parseInt(mm.group(2)) / 8);
                }
                btf.put(m.group(1), new BtfStruct(Integer.parseInt(m.group(2)), offs));
            }
        }
    }

    static List<Arguments> layouts() {
        return List.of(
                Arguments.of("fl_packet", RecordLayouts.PACKET),
                Arguments.of("fl_oom", RecordLayouts.OOM),
                Arguments.of("fl_config", RecordLayouts.CONFIG));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void javaLayoutMatchesBtf(String cName, StructLayout java) {
        BtfStruct c = btf.get(cName);
        assertThat(c).as("struct %s in the object's BTF", cName).isNotNull();
        assertThat(java.byteSize()).as("sizeof(struct %s)", cName).isEqualTo(c.size());

        List<String> cNames = new ArrayList<>(c.offsets().keySet());
        List<MemoryLayout> members = java.memberLayouts();
        assertThat(members.stream().map(l -> l.name().orElseThrow()).toList())
                .as("fields of %s, in order", cName).isEqualTo(cNames);
        for (int i = 0; i < cNames.size(); i++) {
            String f = cNames.get(i);
            long jOff = RecordLayouts.offset(java, f);
            assertThat(jOff).as("offset of %s.%s", cName, f).isEqualTo((long) c.offsets().get(f));
            long cEnd = i + 1 < cNames.size() ? c.offsets().get(cNames.get(i + 1)) : c.size();
            assertThat(members.get(i).byteSize()).as("size of %s.%s", cName, f).isEqualTo(cEnd - jOff);
        }
    }
}
