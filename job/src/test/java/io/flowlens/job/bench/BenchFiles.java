package io.flowlens.job.bench;

import io.flowlens.job.sink.DatasetSinks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** What the end-to-end benchmarks need of the files a run leaves. */
final class BenchFiles {
    private BenchFiles() {}

    /**
     * Data lines of the finished CSV part files under {@code dir} (in-progress files start with a dot; one header
     * line per file); 0 when there is no such directory.
     */
    static long committedCsvRows(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        long rows = 0;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(DatasetSinks.PART_PREFIX) && name.endsWith(".csv")) {
                    try (Stream<String> lines = Files.lines(p)) {
                        rows += lines.count() - 1;
                    }
                }
            }
        }
        return rows;
    }

    /** Deletes {@code dir} and everything in it. */
    static void delete(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
