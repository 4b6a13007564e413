package io.flowlens.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.job.cli.FlowlensCli;
import io.flowlens.sources.bpf.KernelTest;
import io.flowlens.testkit.SharedTestData;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The embedded run's bigger network buffers ({@link JobRunner#networkBufferSize}) are fewer: the job with the most
 * exchanges (live capture, system metrics, a Hubble file) still gets all it needs at the highest parallelism of each
 * size class. Measured when the sizes were chosen: at parallelism 4 this run fails with 128 buffers (512 KB each,
 * "Insufficient number of network buffers") and passes with 256; at 2 it passes with 64.
 */
@KernelTest
class EmbeddedNetworkBuffersKernelTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {2, 4})
    void theWholeLiveJobRunsAtTheTopParallelismOfEachBufferSize(int parallelism) {
        Path hubble = SharedTestData.hubbleDir().resolve("hubble-otel_basic-sample-10-flows.json");
        int exit = FlowlensCli.execute("run", "lo", "--duration", "2", "--window", "1", "--no-status",
                "--parallelism", Integer.toString(parallelism), "--hubble-file", hubble.toString(),
                "--output", tmp.resolve("out").toString());
        assertThat(exit).as("exit code of the live run at parallelism %d (%s buffers)", parallelism,
                JobRunner.networkBufferSize(parallelism)).isZero();
    }
}
