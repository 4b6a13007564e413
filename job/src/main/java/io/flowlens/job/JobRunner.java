package io.flowlens.job;

import io.flowlens.job.schema.FlowSchema;
import io.flowlens.job.schema.TransactionSchema;
import io.flowlens.job.sink.DatasetSinks;
import io.flowlens.job.status.StatusLine;
import io.flowlens.sources.StopSignal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds and runs the flowlens job: embedded on a MiniCluster when started directly (RocksDB state and checkpoints
 * in a temporary directory), or on the cluster when started by `flink run` (its configuration rules). A live run
 * stops cleanly on Ctrl-C: capture ends, windows close and every file is committed.
 */
public final class JobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    private JobRunner() {}

    public static int run(RunOptions o, boolean statusLine) throws Exception {
        Path scratch = Files.createTempDirectory("flowlens-");
        StreamExecutionEnvironment env = environment(o, scratch);
        build(env, o);
        boolean embedded = env instanceof LocalStreamEnvironment;
        JobClient job = env.executeAsync("flowlens " + (o.replay() ? "replay of " + o.pcaps().size() + " file(s)" : o.interfaces()));
        Thread stopper = new Thread(() -> stop(job, o), "flowlens-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        StatusLine status = statusLine && embedded ? StatusLine.start(System.err) : null;
        JobExecutionResult r;
        try {
            r = job.getJobExecutionResult().get();
        } finally {
            if (status != null) {
                status.close();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException exiting) {
                // the hook is running: it stops the job
            }
            deleteQuietly(scratch);
        }
        System.err.printf("flowlens: done in %.1f s; datasets in %s%n", r.getNetRuntime() / 1000.0,
                Path.of(o.output()).toAbsolutePath().normalize());
        return 0;
    }

    /** Whether this process runs the job itself (not submitting it to a cluster through `flink run`). */
    public static boolean embedded() {
        return StreamExecutionEnvironment.getExecutionEnvironment() instanceof LocalStreamEnvironment;
    }

    /** The job graph: both datasets into their sinks. */
    public static void build(StreamExecutionEnvironment env, RunOptions o) {
        FlowPipeline.Datasets d = FlowPipeline.build(env, o);
        DatasetSinks.attach(d.flows(), FlowSchema.FLOWS, o.output(), o.format());
        DatasetSinks.attach(d.transactions(), TransactionSchema.TRANSACTIONS, o.output(), o.format());
    }

    /**
     * The run's environment. Embedded: RocksDB state and checkpoints under {@code scratch}, commits every output
     * interval. Under `flink run`: Flink's configuration (the client's config.yaml, which should be the cluster's)
     * rules state backend, checkpoint storage, restart strategy and parallelism (settings given here would override it
     * for this job, and a checkpoint directory on the client's disk is of no use to TaskManagers on other hosts); only
     * the commit cadence, --output-interval, is the job's own.
     */
    public static StreamExecutionEnvironment environment(RunOptions o, Path scratch) {
        if (!embedded()) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.enableCheckpointing(o.outputInterval().toMillis());
            return reuseObjects(env);
        }
        Configuration c = new Configuration();
        c.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        c.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, o.outputInterval());
        c.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, scratch.resolve("checkpoints").toUri().toString());
        c.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        c.set(CoreOptions.DEFAULT_PARALLELISM, o.parallelism());
        c.set(TaskManagerOptions.NUM_TASK_SLOTS, o.parallelism());
        c.set(RestOptions.BIND_PORT, "0"); // an embedded run never fights over 8081
        // a failure that repeats is a bug or a broken host, not bad luck: give up after a few tries and say why
        c.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        c.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        c.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(2));
        c.setString("state.backend.rocksdb.localdir", scratch.resolve("rocksdb").toString());
        // window timers on the heap, as flink-conf/config.yaml sets them: one per flow and window, few enough, and
        // RocksDB timers cost a write and a delete per row
        c.setString("state.backend.rocksdb.timer-service.factory", "HEAP");
        c.set(TaskManagerOptions.MEMORY_SEGMENT_SIZE, networkBufferSize(o.parallelism()));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(c);
        env.setParallelism(o.parallelism());
        return reuseObjects(env);
    }

    /**
     * The embedded run's network buffer size. After every window boundary the reader sends one slice per flow within
     * milliseconds (100 k slices at 100 k flows) and blocks once the buffers toward the windows are full, while the
     * window threads take them in; bigger buffers let it read on (benchmarks.md: 256 KB against the default 32 KB,
     * +25 % records/s on 2 cores, same RSS). The network memory stays at the embedded default of 64 MB (it is
     * allocated up front), so bigger buffers mean fewer: the whole job, Hubble and system metrics included, needs
     * at most 64 at parallelism 2, between 128 and 256 at 4 and more than 256 at 8 (measured). Each size keeps at least
     * 4 times the buffers needed.
     */
    static MemorySize networkBufferSize(int parallelism) {
        if (parallelism <= 2) {
            return MemorySize.parse("256kb"); // 256 buffers
        }
        return parallelism <= 4 ? MemorySize.parse("64kb") : MemorySize.parse("32kb"); // 1024, or Flink's 2048
    }

    /**
     * Chained operators pass records on without a defensive copy (a slice copied field by field on the reader's
     * thread, a row of a hundred columns before each sink). Safe here: no function keeps a record it was given past
     * the call or changes one it emitted; what outlives a call is in RocksDB state (serialised) or came over the
     * network (a fresh object).
     */
    private static StreamExecutionEnvironment reuseObjects(StreamExecutionEnvironment env) {
        env.getConfig().enableObjectReuse();
        return env;
    }

    private static void stop(JobClient job, RunOptions o) {
        if (o.replay()) {
            job.cancel();
            return;
        }
        System.err.println();
        System.err.println("flowlens: stopping: closing the last windows and committing files (Ctrl-C again to abort)");
        StopSignal.request();
        try {
            job.getJobExecutionResult().get(Duration.ofSeconds(60).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("the job did not finish cleanly: {}", e.toString());
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception e) {
            LOG.debug("leaving {}: {}", dir, e.toString());
        }
    }
}
