package io.flowlens.job.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's pre-flight of the output directory. Unwritable cases are ones that fail for root too (the tests run as
 * root, which ignores permission bits): a directory below a regular file, and a regular file given as the directory.
 */
class CheckWritableTest {
    @TempDir
    Path dir;

    @Test
    void createsAMissingDirectoryAndLeavesNoProbeBehind() throws Exception {
        Path out = dir.resolve("new/out");
        DatasetSinks.checkWritable(out.toString());
        assertThat(out).isDirectory().isEmptyDirectory();
    }

    @Test
    void acceptsAFileSystemUri() {
        DatasetSinks.checkWritable(dir.resolve("by-uri").toUri().toString());
        assertThat(dir.resolve("by-uri")).isDirectory();
    }

    @Test
    void aDirectoryBelowARegularFileIsRefusedBeforeTheJobStarts() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        String out = file.resolve("out").toString();
        assertThatThrownBy(() -> DatasetSinks.checkWritable(out)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot write datasets to " + out + ": ")
                .hasMessageEndingWith("; choose a directory this user can create files in");
        assertThat(file).isRegularFile().hasContent("x");
    }

    @Test
    void aRegularFileIsNotAnOutputDirectory() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertThatThrownBy(() -> DatasetSinks.checkWritable(file.toString()))
                .hasMessage("cannot write datasets to " + file + ": it is a file, not a directory; choose a directory "
                        + "this user can create files in");
    }
}
