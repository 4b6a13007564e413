package io.flowlens.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class SharedTestDataTest {

    @Test
    void findsThePcapsSorted() {
        List<Path> pcaps = SharedTestData.pcapFiles();

        assertThat(pcaps).as("the shared captures").isNotEmpty()
                .allMatch(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng"))
                .allMatch(Files::isRegularFile)
                .isSortedAccordingTo(Path::compareTo);
        assertThat(pcaps).as("pcapng files are included")
                .anyMatch(p -> p.toString().endsWith(".pcapng"));
        assertThat(pcaps).as("PROVENANCE.md is not a capture")
                .noneMatch(p -> p.getFileName().toString().endsWith(".md"));
    }

    @Test
    void findsTheHubbleFlows() {
        assertThat(SharedTestData.hubbleDir().resolve("PROVENANCE.md")).isRegularFile();
    }

    @Test
    void repositoryRootIsFoundFromAModule() {
        Path root = SharedTestData.repositoryRoot(Path.of("").toAbsolutePath());

        assertThat(root).as("surefire runs in the module folder; the root is its parent").isNotNull();
        assertThat(root.resolve("bpf")).isDirectory();
        assertThat(SharedTestData.repositoryRoot(Path.of("/"))).isNull();
    }

    @Test
    void missingDataFailsInCiAndSkipsElsewhere() {
        Class<? extends Throwable> expected = Requirements.inCi() ? AssertionFailedError.class : TestAbortedException.class;

        assertThatThrownBy(() -> Requirements.unavailable("shared test data folder /nowhere is missing"))
                .isInstanceOf(expected)
                .hasMessageContaining("/nowhere");
    }
}
