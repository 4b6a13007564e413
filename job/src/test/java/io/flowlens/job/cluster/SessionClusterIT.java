package io.flowlens.job.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.job.features.FlowTotals;
import io.flowlens.job.schema.FlowSchema;
import io.flowlens.job.sink.DuckDbReader;
import io.flowlens.sources.bpf.KernelTest;
import io.flowlens.testkit.BackgroundProcess;
import io.flowlens.testkit.Capture;
import io.flowlens.testkit.CurlResult;
import io.flowlens.testkit.HttpServer;
import io.flowlens.testkit.PingResult;
import io.flowlens.testkit.Traffic;
import io.flowlens.testkit.TsharkOracle;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * flowlens on a real standalone session cluster: a JobManager and two TaskManagers started from the Maven jars with
 * flink-conf/, each TaskManager in its own network namespace standing for a node with its own traffic, and the shaded
 * job jar submitted by Flink's own `flink run` (CliFrontend). Each node's traffic must be captured by that node's own
 * reader (one capture split per host) and equal tshark's capture of the same interface, flow by flow; and when a
 * TaskManager is killed mid-run, the job restarts from its last checkpoint and the committed dataset holds no
 * duplicated and no torn rows.
 */
@KernelTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SessionClusterIT {
    /** Slots per TaskManager, as flink-conf/config.yaml sets them. */
    private static final int SLOTS = FlinkDistribution.configuration(Map.of()).get(TaskManagerOptions.NUM_TASK_SLOTS);
    private static final int NODES = 2, PINGS = 5, CURLS = 2, HTTP_PORT = 8080, BODY_BYTES = 20_000;
    private static final String MAIN = "io.flowlens.job.cli.FlowlensCli";
    private static final String CAPTURING = "live capture on";
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    static Path dir;
    static ClusterNetwork network;
    static SessionCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        assertThat(FlinkDistribution.JOB_JAR).as("the shaded job jar (mvn package)").isRegularFile();
        network = new ClusterNetwork(NODES);
        long t = System.nanoTime();
        cluster = new SessionCluster(network, dir.resolve("cluster"));
        report("session cluster up (1 JobManager, %d TaskManagers registered) in %.1f s", NODES, seconds(t));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
        if (network != null) {
            network.close();
        }
    }

    @Test
    @Order(1)
    void eachNodesTrafficIsCapturedByItsOwnReaderAndTheDatasetIsComplete() throws Exception {
        Path out = dir.resolve("run1"), www = Files.createDirectories(dir.resolve("www"));
        Files.write(www.resolve("body"), new byte[BODY_BYTES]);
        List<HttpServer> servers = new ArrayList<>();
        List<Capture> captures = new ArrayList<>();
        try {
            for (ClusterNetwork.Node n : network.nodes()) {
                servers.add(Traffic.httpServer(n.ns(), InetAddress.ofLiteral(n.nodeCaptureAddress()), HTTP_PORT, www));
                captures.add(TsharkOracle.capture(n.ns().name(), network.captureInterface(),
                        dir.resolve("node-" + n.address() + ".pcapng"), null));
            }
            Map<ClusterNetwork.Node, Integer> capturing = captureStarts();
            long submitted = System.nanoTime();
            FirstFile firstRow = FirstFile.watch(out.resolve(FlowSchema.FLOWS.name()));
            BackgroundProcess client = cluster.flinkRun(runArguments(out, 15));
            awaitCaptureStarts(capturing, client);
            report("submit to capturing on every node: %.1f s", seconds(submitted));

            for (int i = 0; i < NODES; i++) {
                ClusterNetwork.Node n = network.nodes().get(i);
                PingResult ping = Traffic.ping(n.pod(), n.nodeCaptureAddress(), PINGS);
                assertThat(ping.received()).as(ping.output()).isEqualTo(PINGS);
                for (int c = 0; c < CURLS; c++) {
                    CurlResult curl = Traffic.curl(n.pod(), servers.get(i).url("/body"));
                    assertThat(curl.bodyBytes()).as(curl.stderr()).isEqualTo(BODY_BYTES);
                }
                // while the capture runs (a finished reader's metrics are gone): right after the node's own traffic
                awaitCaptureMetricExported(n);
            }
            assertJobSucceeded(client);
            report("submit to first committed row: %.1f s", firstRow.secondsAfter(submitted));
            captures.forEach(Capture::stop);

            String jmLog = Files.readString(cluster.log("jobmanager"));
            for (ClusterNetwork.Node n : network.nodes()) {
                assertThat(jmLog).as("one capture split for host %s", n.address())
                        .containsOnlyOnce("capture split for host " + n.address() + " -> reader");
            }
            DuckDbReader.Result duck = DuckDbReader.read(out, FlowSchema.FLOWS, "flow_id,window_start_ms,node");
            assertThat(duck.csvRows()).as("CSV rows equal Parquet rows").isEqualTo(duck.parquetRows());
            List<Row> rows = duck.parquetRows(FlowSchema.FLOWS);
            for (ClusterNetwork.Node n : network.nodes()) {
                List<Row> ours = rows.stream().filter(r -> n.podAddress().equals(field(r, "src_ip"))).toList();
                assertThat(ours).as("rows of node %s's traffic", n.address()).isNotEmpty()
                        .allSatisfy(r -> assertThat(field(r, "node")).as("captured by the reader on its own node")
                                .isEqualTo(n.address()));
                FlowTotals.assertEqualAcrossCapturePoints(FlowTotals.ofRows(ours, n.podAddress()),
                        FlowTotals.ofCapture(dir.resolve("node-" + n.address() + ".pcapng"), n.podAddress()), 1 + CURLS,
                        "node " + n.address() + ": per-flow totals of the committed rows = tshark on dumpcap's capture");
            }
            assertUniqueRows(rows);
        } finally {
            captures.forEach(Capture::close);
            servers.forEach(HttpServer::close);
        }
    }

    @Test
    @Order(2)
    void aKilledTaskManagerCostsARestartFromTheLastCheckpointAndNoDuplicatedOrTornRows() throws Exception {
        Path out = dir.resolve("run2");
        ClusterNetwork.Node lost = network.nodes().get(1);
        List<BackgroundProcess> pings = new ArrayList<>();
        try {
            for (ClusterNetwork.Node n : network.nodes()) {
                // 5 per second, at most 100 s: through the kill, the restart and the checkpoints after it
                pings.add(n.pod().start("ping", "-n", "-q", "-c", "500", "-i", "0.2", n.nodeCaptureAddress()));
            }
            Map<ClusterNetwork.Node, Integer> capturing = captureStarts();
            // a bound on the run, far beyond what the test waits for: it cancels the job itself
            BackgroundProcess client = cluster.flinkRun(runArguments(out, 100));
            awaitCaptureStarts(capturing, client);
            String job = runningJob();
            // every node's own rows, not just a first file: a node whose capture started a window later may have
            // none committed yet, and its uncommitted windows die with its TaskManager
            Path flows = out.resolve(FlowSchema.FLOWS.name());
            cluster.await("rows of every node committed before the kill", JOB_TIMEOUT, () -> everyNodeCommitted(flows));

            long killed = System.nanoTime(), killedAtMs = System.currentTimeMillis();
            cluster.killTaskManager(lost);
            cluster.startTaskManager(lost); // the node's TaskManager comes back, as its pod or service would
            awaitCaptureStarts(captureStarts(), client);
            report("TaskManager killed to capturing again on its replacement: %.1f s", seconds(killed));
            // the REST metric fetcher refreshes every 10 s by default: wait for it
            cluster.await("numRestarts > 0: the job restarted (from its last checkpoint)", JOB_TIMEOUT,
                    () -> cluster.rest().jobMetric(job, "numRestarts").map(Long::parseLong).orElse(0L) > 0);
            // windows of 2 s close a second after they end and commit with the next checkpoint (every 2 s): four
            // checkpoints after the restart commit windows that began after the kill
            int checkpoints = cluster.rest().completedCheckpoints(job);
            cluster.await("four checkpoints after the restart", JOB_TIMEOUT,
                    () -> cluster.rest().completedCheckpoints(job) >= checkpoints + 4);
            assertThat(cluster.rest().cancel(job)).as("cancel accepted").isTrue();
            cluster.await("the job cancelled", JOB_TIMEOUT,
                    () -> cluster.rest().jobState(job).filter("CANCELED"::equals).isPresent());
            client.close();

            DuckDbReader.Result duck = DuckDbReader.read(out, FlowSchema.FLOWS, "flow_id,window_start_ms,node");
            assertThat(duck.csvRows()).as("CSV rows equal Parquet rows: no torn or extra rows in either format")
                    .isEqualTo(duck.parquetRows());
            List<Row> rows = duck.parquetRows(FlowSchema.FLOWS);
            assertUniqueRows(rows);
            assertOnlyCommittedFiles(out);
            for (ClusterNetwork.Node n : network.nodes()) {
                List<Row> ping = rows.stream().filter(r -> n.podAddress().equals(field(r, "src_ip"))
                        && (Integer) field(r, "protocol") == 1).toList();
                assertThat(ping).as("node %s's pings", n.address()).isNotEmpty().allSatisfy(r -> {
                    assertThat(field(r, "node")).isEqualTo(n.address());
                    // 5 echo requests per second: a window counted twice (restored state plus replayed slices)
                    // would hold about twice as many
                    assertThat((Long) field(r, "forward_packets")).as("requests in one 2 s window").isBetween(1L, 11L);
                });
                assertThat(ping).as("node %s: windows before the kill and after the restart", n.address())
                        .anySatisfy(r -> assertThat((Long) field(r, "window_end_ms")).isLessThanOrEqualTo(killedAtMs))
                        .anySatisfy(r -> assertThat((Long) field(r, "window_start_ms")).isGreaterThan(killedAtMs));
            }
        } finally {
            pings.forEach(BackgroundProcess::close);
        }
    }

    private static List<String> runArguments(Path out, int durationSeconds) {
        // -p nodes x slots: every slot runs a reader, so every node has one, also when a restart finds only the
        // surviving TaskManagers at first (a lower parallelism would crowd onto them and leave the lost node uncaptured)
        return List.of("-p", Integer.toString(NODES * SLOTS), "-c", MAIN, FlinkDistribution.JOB_JAR.toString(), "run",
                network.captureInterface(),
                "--duration", Integer.toString(durationSeconds), "--window", "2", "--output-interval", "2",
                "--no-system-metrics", "--output", out.toString());
    }

    /** How often each node's current TaskManager has logged a capture start so far. */
    private static Map<ClusterNetwork.Node, Integer> captureStarts() throws IOException {
        Map<ClusterNetwork.Node, Integer> m = new HashMap<>();
        for (ClusterNetwork.Node n : network.nodes()) {
            m.put(n, captureCount(n));
        }
        return m;
    }

    private static int captureCount(ClusterNetwork.Node n) throws IOException {
        Path log = cluster.taskManagerLog(n);
        return Files.exists(log) ? Files.readString(log).split(CAPTURING, -1).length - 1 : 0;
    }

    /** Waits until every node's TaskManager has started capturing once more than {@code before}. */
    private static void awaitCaptureStarts(Map<ClusterNetwork.Node, Integer> before, BackgroundProcess client)
            throws InterruptedException {
        cluster.await("a capture started on every node", JOB_TIMEOUT, () -> {
            assertThat(client.isAlive() || client.awaitExit(Duration.ZERO).orElse(-1) == 0)
                    .as("`flink run` failed: %s", client.output()).isTrue();
            try {
                for (ClusterNetwork.Node n : network.nodes()) {
                    if (captureCount(n) <= before.get(n)) {
                        return false;
                    }
                }
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    private static String runningJob() {
        return cluster.rest().jobIds().stream()
                .filter(id -> cluster.rest().jobState(id).filter("RUNNING"::equals).isPresent())
                .findFirst().orElseThrow(() -> new AssertionError("no running job\n" + cluster.logs()));
    }

    private static void assertJobSucceeded(BackgroundProcess client) {
        OptionalInt exit = client.awaitExit(JOB_TIMEOUT);
        assertThat(exit).as("`flink run` ends with the job: %s\n%s", client.output(), cluster.logs()).hasValue(0);
    }

    /**
     * The node's TaskManager exports the capture's kernel packet counter through flink-conf's Prometheus reporter,
     * positive once the reader refreshed it (every second).
     */
    private static void awaitCaptureMetricExported(ClusterNetwork.Node n) throws InterruptedException {
        cluster.await("node " + n.address() + " exports flowlens_packets > 0 to Prometheus", Duration.ofSeconds(5), () ->
                n.ns().exec("curl", "-s", "--max-time", "2", "http://127.0.0.1:9249/metrics").stdout().lines()
                        .filter(l -> l.contains("flowlens_packets") && !l.startsWith("#"))
                        .anyMatch(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)) > 0));
    }

    /** One row per flow, window and node: nothing committed twice. */
    private static void assertUniqueRows(List<Row> rows) {
        Set<String> keys = new HashSet<>();
        assertThat(rows).as("rows").isNotEmpty().allSatisfy(r -> assertThat(keys.add(field(r, "flow_id") + " "
                + field(r, "window_start_ms") + " " + field(r, "node"))).as("row %s appears once", r).isTrue());
    }

    /** Only committed part files are visible: the failed attempt's in-progress files are hidden, or gone. */
    private static void assertOnlyCommittedFiles(Path out) throws IOException {
        try (Stream<Path> files = Files.walk(out)) {
            assertThat(files.filter(Files::isRegularFile).map(f -> f.getFileName().toString())
                    .filter(name -> !name.startsWith(".")).toList())
                    .allMatch(name -> name.startsWith("part-") && (name.endsWith(".csv") || name.endsWith(".parquet")));
        }
    }

    private static Object field(Row r, String column) {
        return r.getField(FlowSchema.FLOWS.index(column));
    }

    /** Whether the committed CSV part files of the flows dataset hold a row from every node's pod. */
    private static boolean everyNodeCommitted(Path dataset) {
        Set<String> seen = new HashSet<>();
        try (Stream<Path> files = Files.walk(dataset)) {
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith("part-")
                    && f.getFileName().toString().endsWith(".csv")).toList()) {
                for (String line : Files.readAllLines(p)) {
                    for (ClusterNetwork.Node n : network.nodes()) {
                        if (line.contains("," + n.podAddress() + ",")) {
                            seen.add(n.podAddress());
                        }
                    }
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            return false; // no dataset folder yet, or a file renamed while walking: look again
        }
        return seen.size() == network.nodes().size();
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    private static void report(String format, Object... args) {
        System.out.printf("SessionClusterIT: " + format + "%n", args);
    }

    /** Notes when the first committed part file of a dataset appears, polling every 50 ms on a daemon thread. */
    private static final class FirstFile {
        private final AtomicLong seen = new AtomicLong();

        static FirstFile watch(Path dataset) {
            FirstFile f = new FirstFile();
            Thread t = new Thread(() -> {
                long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
                while (f.seen.get() == 0 && System.nanoTime() < deadline) {
                    if (Files.isDirectory(dataset)) {
                        try (Stream<Path> files = Files.walk(dataset)) {
                            if (files.anyMatch(p -> p.getFileName().toString().startsWith("part-"))) {
                                f.seen.set(System.nanoTime());
                            }
                        } catch (IOException | java.io.UncheckedIOException e) {
                            // a file renamed while walking: look again
                        }
                    }
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "first-committed-file");
            t.setDaemon(true);
            t.start();
            return f;
        }

        boolean seen() {
            return seen.get() != 0;
        }

        double secondsAfter(long startNanos) {
            long s = seen.get();
            assertThat(s).as("a committed part file appeared").isPositive();
            return (s - startNanos) / 1e9;
        }
    }
}
