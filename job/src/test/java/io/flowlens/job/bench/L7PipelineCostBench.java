package io.flowlens.job.bench;

import io.flowlens.job.FlowPipeline;
import io.flowlens.job.JobRunner;
import io.flowlens.job.RunOptions;
import io.flowlens.job.label.Labeler;
import io.flowlens.job.schema.FlowSchema;
import io.flowlens.job.schema.TransactionSchema;
import io.flowlens.job.sink.DatasetFormat;
import io.flowlens.job.sink.DatasetSinks;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The end-to-end cost of L7 on the feature pipeline: the same synthetic HTTP capture ({@link HttpCapture}) replayed
 * through the whole job as JobRunner configures it (both datasets, CSV and Parquet, committed), once with HTTP
 * messages the kernel recognises and once with every message's first byte flipped so nothing is recognised: same
 * packets, same flows, only the L7 path differs. Reports packets/s and process CPU-µs per packet, alternating the two
 * kinds; the first pair warms up. Run: bin/flowlens bench (args: connections, exchanges each, runs; defaults 2000,
 * 50, 3).
 */
public final class L7PipelineCostBench {
    public static void main(String[] args) throws Exception {
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int exchanges = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path dir = Files.createTempDirectory("flowlens-l7-bench-");
        Path http = dir.resolve("http.pcap"), opaque = dir.resolve("opaque.pcap");
        long packets = HttpCapture.write(http, connections, exchanges, true);
        HttpCapture.write(opaque, connections, exchanges, false);
        System.out.printf("l7-cost\t%d connections x %d exchanges: %d packets, %d transactions per capture%n",
                connections, exchanges, packets, (long) connections * exchanges);
        for (int r = -1; r < runs; r++) {
            for (Path capture : List.of(http, opaque)) {
                run(capture, packets, r < 0 ? "warm-up" : "run " + (r + 1), dir);
            }
        }
        BenchFiles.delete(dir);
        System.exit(0); // Flink's leftover non-daemon threads
    }

    private static void run(Path capture, long packets, String label, Path dir) throws Exception {
        Path out = Files.createTempDirectory(dir, "out-"), scratch = Files.createTempDirectory(dir, "state-");
        int cores = Runtime.getRuntime().availableProcessors();
        RunOptions o = new RunOptions(null, List.of(capture), null, Duration.ofSeconds(5), Duration.ofSeconds(10),
                Labeler.constant(0), out.toString(), DatasetFormat.BOTH, cores, false);
        StreamExecutionEnvironment env = JobRunner.environment(o, scratch);
        FlowPipeline.Datasets d = FlowPipeline.build(env, o);
        DatasetSinks.attach(d.flows(), FlowSchema.FLOWS, o.output(), o.format());
        DatasetSinks.attach(d.transactions(), TransactionSchema.TRANSACTIONS, o.output(), o.format());
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        JobExecutionResult result = env.execute("flowlens l7 bench");
        long cpu = os.getProcessCpuTime() - cpu0;
        long transactions = BenchFiles.committedCsvRows(out.resolve("transactions"));
        long flows = BenchFiles.committedCsvRows(out.resolve("flows"));
        System.out.printf("l7-cost\t%s\t%s\t%.0f k packets/s (job runtime %.1f s)\t%.2f CPU-µs/packet\t%d flow rows, "
                        + "%d transaction rows%n", label, capture.getFileName(), packets / (result.getNetRuntime() / 1e3) / 1e3,
                result.getNetRuntime() / 1e3, cpu / 1e3 / packets, flows, transactions);
        BenchFiles.delete(out);
        BenchFiles.delete(scratch);
    }
}
