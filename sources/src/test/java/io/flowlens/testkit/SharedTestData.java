package io.flowlens.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The real captures and recorded Hubble flows shared by all worktrees, in {@code $FLOWLENS_SHARED/testdata}
 * (surefire sets {@code FLOWLENS_SHARED}), else in {@code ../shared/testdata} next to the repository root. Their
 * origin is described in {@code PROVENANCE.md} in each folder.
 *
 * <p>When a folder is missing the test fails in CI and is skipped elsewhere (see {@link Requirements}).
 */
public final class SharedTestData {

    private SharedTestData() {}

    /** The folder of real {@code .pcap} and {@code .pcapng} captures. */
    public static Path pcapDir() {
        return existing(testdata().resolve("pcap"));
    }

    /** The folder of recorded Hubble flows (JSON and JSON lines). */
    public static Path hubbleDir() {
        return existing(testdata().resolve("hubble"));
    }

    /** Every {@code *.pcap} and {@code *.pcapng} in {@link #pcapDir()}, sorted by file name. */
    public static List<Path> pcapFiles() {
        try (Stream<Path> files = Files.list(pcapDir())) {
            return files.filter(p -> {
                        String name = p.getFileName().toString();
                        return name.endsWith(".pcap") || name.endsWith(".pcapng");
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code testdata} folder, which may not exist; {@link #pcapDir()} and friends check. */
    static Path testdata() {
        String shared = System.getenv("FLOWLENS_SHARED");
        if (shared != null && !shared.isBlank()) {
            return Path.of(shared, "testdata").toAbsolutePath().normalize();
        }
        Path root = repositoryRoot(Path.of("").toAbsolutePath());
        if (root == null) {
            throw Requirements.unavailable("shared test data not found: FLOWLENS_SHARED is unset and no parent of "
                    + Path.of("").toAbsolutePath() + " holds the flowlens pom.xml (with <module>bpf</module>)");
        }
        return root.resolve("../shared/testdata").toAbsolutePath().normalize();
    }

    /** The nearest folder at or above {@code start} whose pom.xml lists the bpf module, or null. */
    static Path repositoryRoot(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path pom = dir.resolve("pom.xml");
            try {
                if (Files.isRegularFile(pom) && Files.readString(pom).contains("<module>bpf</module>")) {
                    return dir;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + pom, e);
            }
        }
        return null;
    }

    private static Path existing(Path dir) {
        if (!Files.isDirectory(dir)) {
            String from = System.getenv("FLOWLENS_SHARED") != null
                    ? "FLOWLENS_SHARED=" + System.getenv("FLOWLENS_SHARED")
                    : "../shared next to the repository root (FLOWLENS_SHARED unset)";
            throw Requirements.unavailable("shared test data folder " + dir + " is missing (looked in " + from + ")");
        }
        return dir;
    }
}
