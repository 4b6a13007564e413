package io.flowlens.job.cluster;

import io.flowlens.testkit.BackgroundProcess;
import io.flowlens.testkit.ChildJvm;
import io.flowlens.testkit.NetNs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.flink.configuration.Configuration;

/**
 * A real Flink standalone session cluster on this machine: a JobManager
 * ({@code StandaloneSessionClusterEntrypoint}) in the JobManager's namespace and one TaskManager
 * ({@code TaskManagerRunner}) per node namespace, each a JVM started from the Maven jars with flink-conf/ as its
 * configuration directory, as {@code jobmanager.sh} and {@code taskmanager.sh} would. Only what differs per host or per
 * test is given as dynamic properties: addresses, directories, and smaller memory and heartbeat settings.
 */
final class SessionCluster implements AutoCloseable {
    private static final int REST_PORT = 8081;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final String JM_MAIN = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    private static final String TM_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    private static final String CLIENT_MAIN = "org.apache.flink.client.cli.CliFrontend";

    private final ClusterNetwork network;
    private final Path dir;
    private final Path logs;
    private final String classpath = FlinkDistribution.classpath();
    private final FlinkRest rest;
    private final BackgroundProcess jobManager;
    private final Map<ClusterNetwork.Node, BackgroundProcess> taskManagers = new LinkedHashMap<>();
    private final Map<ClusterNetwork.Node, Integer> starts = new HashMap<>();
    private final Map<ClusterNetwork.Node, Path> taskManagerLogs = new HashMap<>();
    private final List<BackgroundProcess> clients = new ArrayList<>();

    /** Starts the JobManager and a TaskManager per node, and returns once every TaskManager has registered. */
    SessionCluster(ClusterNetwork network, Path dir) throws IOException, InterruptedException {
        this.network = network;
        this.dir = Files.createDirectories(dir);
        // logs outlive the test's temporary directory, for a failure in CI
        this.logs = Files.createDirectories(FlinkDistribution.PROJECT.resolve("job/target/session-cluster-logs")
                .resolve(Long.toString(System.currentTimeMillis())));
        this.rest = new FlinkRest(network.jmAddress(), REST_PORT);
        Configuration c = FlinkDistribution.configuration(common());
        jobManager = ChildJvm.launch(network.jm(), classpath, FlinkDistribution.jobManagerJvmOptions(c, log("jobmanager")),
                JM_MAIN, arguments(common()));
        try {
            // TaskManagers that find no ResourceManager back off for seconds: start them once the JobManager answers
            await("the JobManager's REST endpoint answers", START_TIMEOUT, () -> rest.get("/config").isPresent());
            for (ClusterNetwork.Node node : network.nodes()) {
                startTaskManager(node);
            }
            awaitTaskManagers(network.nodes().stream().map(ClusterNetwork.Node::address).toList());
        } catch (RuntimeException | InterruptedException e) {
            close();
            throw e;
        }
    }

    /** Settings of this test cluster on top of flink-conf/config.yaml, the same for every process. */
    private Map<String, String> common() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("jobmanager.rpc.address", network.jmAddress());
        m.put("rest.address", network.jmAddress());
        m.put("rest.port", Integer.toString(REST_PORT));
        m.put("execution.checkpointing.dir", dir.resolve("checkpoints").toUri().toString());
        m.put("execution.checkpointing.savepoint-dir", dir.resolve("savepoints").toUri().toString());
        m.put("io.tmp.dirs", dir.resolve("tmp").toString());
        m.put("state.backend.rocksdb.log.dir", dir.resolve("rocksdb-log").toString()); // not among the kept logs
        // three JVMs and a client on two cores: the smallest sizes Flink accepts with room for RocksDB
        m.put("jobmanager.memory.process.size", "768m");
        m.put("taskmanager.memory.process.size", "1280m");
        // a killed TaskManager is noticed in seconds (its heartbeat RPCs fail), a slow one is not declared dead
        m.put("heartbeat.interval", "1000");
        m.put("heartbeat.timeout", "15000");
        return m;
    }

    /** Starts (or restarts, after a kill) the TaskManager of {@code node}, announcing the node's address as its host. */
    void startTaskManager(ClusterNetwork.Node node) {
        Map<String, String> props = common();
        props.put("taskmanager.host", node.address());
        Configuration c = FlinkDistribution.configuration(props);
        int start = starts.merge(node, 1, Integer::sum);
        String name = "taskmanager-" + node.address() + "-" + start;
        List<String> args = new ArrayList<>(arguments(props));
        args.addAll(FlinkDistribution.taskManagerMemoryArguments(c));
        taskManagerLogs.put(node, log(name));
        taskManagers.put(node, ChildJvm.launch(node.ns(), classpath, FlinkDistribution.taskManagerJvmOptions(c, log(name)),
                TM_MAIN, args));
    }

    /** Kills the TaskManager of {@code node} with SIGKILL, as a lost node would vanish: no clean shutdown. */
    void killTaskManager(ClusterNetwork.Node node) {
        BackgroundProcess tm = taskManagers.get(node);
        tm.signal("KILL");
        tm.awaitExit(Duration.ofSeconds(10));
    }

    /** Waits until TaskManagers from exactly these hosts have registered (one each). */
    void awaitTaskManagers(List<String> hosts) throws InterruptedException {
        await("TaskManagers " + hosts + " registered (have " + rest.taskManagerHosts() + ")", START_TIMEOUT,
                () -> rest.taskManagerHosts().stream().sorted().toList().equals(hosts.stream().sorted().toList()));
    }

    /**
     * Starts {@code flink run} (Flink's CliFrontend, FLINK_CONF_DIR=flink-conf/) in the root namespace: it uploads the
     * shaded job jar to the JobManager's REST address and, attached, waits for the job to end; its exit code is the
     * job's outcome. The client gets the test's settings too ({@code -t remote -D...}): the job's configuration is
     * the client's, so its config.yaml would otherwise put checkpoints in /var/lib/flowlens.
     */
    BackgroundProcess flinkRun(List<String> runArguments) {
        Configuration c = FlinkDistribution.configuration(common());
        List<String> command = new ArrayList<>(List.of("env", "FLINK_CONF_DIR=" + FlinkDistribution.CONF_DIR,
                ProcessHandle.current().info().command().orElseThrow()));
        command.addAll(FlinkDistribution.clientJvmOptions(c, log("client-" + clients.size())));
        command.addAll(List.of("-cp", classpath, CLIENT_MAIN, "run", "-t", "remote"));
        common().forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(runArguments);
        BackgroundProcess client = NetNs.root().start(command.toArray(String[]::new));
        clients.add(client);
        return client;
    }

    /** The log file of the node's current TaskManager (a replacement logs to a file of its own). */
    Path taskManagerLog(ClusterNetwork.Node node) {
        return taskManagerLogs.get(node);
    }

    FlinkRest rest() {
        return rest;
    }

    /** A process's log file (log4j's ${sys:log.file}). */
    Path log(String process) {
        return logs.resolve(process + ".log");
    }

    /** Everything the JobManager and TaskManagers logged so far, for failure messages. */
    String logs() {
        StringBuilder b = new StringBuilder();
        b.append("(whole logs in ").append(logs).append(")\n");
        try (var files = Files.list(logs)) {
            for (Path f : files.sorted().toList()) {
                String text = Files.readString(f);
                b.append("==== ").append(f.getFileName()).append('\n')
                        .append(text, Math.max(0, text.length() - 6000), text.length()).append('\n');
            }
        } catch (IOException e) {
            b.append("(cannot read logs: ").append(e).append(')');
        }
        return b.toString();
    }

    /** Polls {@code condition} every 100 ms; fails with the cluster's logs when it does not hold in time. */
    void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what + "\n" + logs());
            }
            Thread.sleep(100);
        }
    }

    private static List<String> arguments(Map<String, String> props) {
        List<String> args = new ArrayList<>(List.of("--configDir", FlinkDistribution.CONF_DIR.toString()));
        props.forEach((k, v) -> args.add("-D" + k + "=" + v));
        return args;
    }

    /** Ends clients, TaskManagers and the JobManager (the namespaces go with the network). */
    @Override
    public void close() {
        clients.forEach(BackgroundProcess::close);
        taskManagers.values().forEach(BackgroundProcess::close);
        if (jobManager != null) {
            jobManager.close();
        }
    }
}
