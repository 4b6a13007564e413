package io.flowlens.job.bench;

import io.flowlens.job.FlowPipeline;
import io.flowlens.job.JobRunner;
import io.flowlens.job.RunOptions;
import io.flowlens.job.flow.FlowSlice;
import io.flowlens.job.label.Labeler;
import io.flowlens.job.schema.FlowSchema;
import io.flowlens.job.sink.DatasetFormat;
import io.flowlens.job.sink.DatasetSinks;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;

/**
 * End to end: synthetic ring records (≥ 100 k concurrent flows) through the real slicer in a source reader, keyed
 * windows on RocksDB, and both dataset sinks, on the embedded MiniCluster exactly as JobRunner configures it, until
 * every row is committed. Reports records/s, process CPU-µs per record and peak RSS per run; the first run warms up.
 *
 * <p>The records' timestamps advance at a fixed capture rate (5th argument, packets/s), which sets how many packets
 * each row sums up: rate × window / flows. The default is the target's 2 M/s, so the benchmark is what a node
 * receiving 2 M packets/s over {@code flows} flows sees live (100 packets per flow per 5 s window); a lower rate
 * processed at the same speed is a replay faster than real time, with more rows per record.
 * Run: bin/flowlens bench (args: flows, records, runs, format, capture rate; defaults 100000, 40000000 (4 windows at
 * 2 M/s), 3, both, 2000000). {@code -Dbench.parallelism=N} sets the windows' and sinks' parallelism (default: the
 * cores, as the embedded job does).
 */
public final class JobThroughputBench {
    public static void main(String[] args) throws Exception {
        int flows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        long records = args.length > 1 ? Long.parseLong(args[1]) : 40_000_000L;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        DatasetFormat format = args.length > 3 ? DatasetFormat.parse(args[3]) : DatasetFormat.BOTH;
        long captureRate = args.length > 4 ? Long.parseLong(args[4]) : 2_000_000L;
        long gapNs = 1_000_000_000L / captureRate;
        int cores = Integer.getInteger("bench.parallelism", Runtime.getRuntime().availableProcessors());
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double[] rates = new double[runs], cpuUs = new double[runs];
        long[] peaks = new long[runs];
        for (int r = -1; r < runs; r++) {
            Path out = Files.createTempDirectory("flowlens-bench-out-");
            Path scratch = Files.createTempDirectory("flowlens-bench-");
            RunOptions o = new RunOptions("bench", List.of(), null, Duration.ofSeconds(5), Duration.ofSeconds(10),
                    Labeler.constant(0), out.toString(), format, cores, false);
            StreamExecutionEnvironment env = JobRunner.environment(o, scratch);
            DataStream<FlowSlice> slices = env.fromSource(
                    new SyntheticSliceSource(records, flows, gapNs, o.window().toMillis()),
                    WatermarkStrategy.noWatermarks(), "packets").setParallelism(1);
            DataStream<Row> rows = FlowPipeline.rows(env, slices, o);
            DatasetSinks.attach(rows, FlowSchema.FLOWS, o.output(), o.format());
            PeakRss.reset();
            long cpu0 = os.getProcessCpuTime(), t0 = System.nanoTime();
            JobExecutionResult result = env.execute("flowlens bench");
            long t1 = System.nanoTime(), cpu1 = os.getProcessCpuTime();
            long peak = PeakRss.kib();
            long committed = format == DatasetFormat.PARQUET ? -1 : BenchFiles.committedCsvRows(out);
            double rate = records / (result.getNetRuntime() / 1e3);
            System.out.printf("job-e2e\t%s: %d records, %d flows, 5 s windows, capture time at %.1f M packets/s, "
                            + "parallelism %d (source 1), " + format.name().toLowerCase()
                            + "\t%.2f M records/s (job runtime %.1f s, wall %.1f s)\t%.2f CPU-µs/record\tpeak RSS %d MiB"
                            + "\t%s%n",
                    r < 0 ? "warm-up" : "run " + (r + 1), records, flows, 1e3 / gapNs, cores, rate / 1e6,
                    result.getNetRuntime() / 1e3,
                    (t1 - t0) / 1e9, (cpu1 - cpu0) / 1e3 / records, peak >> 10,
                    committed < 0 ? "rows not counted (no CSV)" : committed + " rows committed (csv)");
            if (r >= 0) {
                rates[r] = rate;
                cpuUs[r] = (cpu1 - cpu0) / 1e3 / records;
                peaks[r] = peak;
            }
            BenchFiles.delete(out);
            BenchFiles.delete(scratch);
        }
        Arrays.sort(rates);
        Arrays.sort(cpuUs);
        Arrays.sort(peaks);
        System.out.printf("job-e2e\tmedian of %d runs (%d records, %d flows, capture time at %.1f M packets/s)\t%.2f M records/s to committed rows (min %.2f)"
                        + "\t%.2f CPU-µs/record\tpeak RSS %d MiB (median; max %d)%n",
                runs, records, flows, 1e3 / gapNs, rates[runs / 2] / 1e6, rates[0] / 1e6, cpuUs[runs / 2], peaks[runs / 2] >> 10,
                peaks[runs - 1] >> 10);
        System.exit(0); // Flink's leftover non-daemon threads
    }
}
