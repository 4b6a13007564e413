package io.flowlens.job.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * What {@code $FLINK_HOME} would hold, taken from this build: the cluster classpath (the job's provided scope, written
 * by the build to target/flink-cluster-classpath.txt, as lib/ and plugins/ would hold it), the project's flink-conf/
 * folder, and the shaded job jar. Computes JVM arguments the way Flink's scripts do (config.sh and BashJavaUtils):
 * memory flags from the process size, then env.java.default-opts.all, env.java.opts.all and the role's options.
 */
final class FlinkDistribution {
    static final Path PROJECT = Path.of("").toAbsolutePath().getParent();
    static final Path CONF_DIR = PROJECT.resolve("flink-conf");
    static final Path JOB_JAR = PROJECT.resolve("job/target/flowlens-job.jar");
    private static final Path CLASSPATH_FILE = PROJECT.resolve("job/target/flink-cluster-classpath.txt");

    private FlinkDistribution() {}

    /** The cluster classpath: Flink's runtime, RocksDB, file connector, clients, log4j, the Prometheus reporter. */
    static String classpath() {
        try {
            List<String> entries = new ArrayList<>(Arrays.asList(Files.readString(CLASSPATH_FILE).strip().split(File.pathSeparator)));
            // slf4j-api is compile scope in the job (so missing from the provided list) and in every Flink lib/
            Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                    .filter(e -> Path.of(e).getFileName().toString().startsWith("slf4j-api-"))
                    .findFirst().ifPresent(entries::add);
            return String.join(File.pathSeparator, entries);
        } catch (IOException e) {
            throw new UncheckedIOException(CLASSPATH_FILE + " is written by the build (generate-test-resources); run the "
                    + "test through Maven", e);
        }
    }

    /** flink-conf/config.yaml as Flink reads it, with {@code overrides} on top (as -D dynamic properties would). */
    static Configuration configuration(Map<String, String> overrides) {
        return GlobalConfiguration.loadConfiguration(CONF_DIR.toString(), Configuration.fromMap(overrides));
    }

    /** The JobManager's JVM options: heap and metaspace from its process size, then the configured options. */
    static List<String> jobManagerJvmOptions(Configuration c, Path log) {
        JobManagerProcessSpec spec = JobManagerProcessUtils.processSpecFromConfig(c);
        List<String> options = new ArrayList<>(split(JobManagerProcessUtils.generateJvmParametersStr(spec, c)));
        options.addAll(configured(c, List.of(CoreOptions.FLINK_DEFAULT_JM_JVM_OPTIONS, CoreOptions.FLINK_JM_JVM_OPTIONS),
                log, "log4j.properties"));
        return options;
    }

    /** The TaskManager's JVM options (memory flags from its process size, then the configured options). */
    static List<String> taskManagerJvmOptions(Configuration c, Path log) {
        TaskExecutorProcessSpec spec = TaskExecutorProcessUtils.processSpecFromConfig(c);
        List<String> options = new ArrayList<>(split(ProcessMemoryUtils.generateJvmParametersStr(spec)));
        options.addAll(configured(c, List.of(CoreOptions.FLINK_DEFAULT_TM_JVM_OPTIONS, CoreOptions.FLINK_TM_JVM_OPTIONS),
                log, "log4j.properties"));
        return options;
    }

    /** The TaskManager's memory split as dynamic properties, as the scripts pass them to TaskManagerRunner. */
    static List<String> taskManagerMemoryArguments(Configuration c) {
        return split(TaskExecutorProcessUtils.generateDynamicConfigsStr(TaskExecutorProcessUtils.processSpecFromConfig(c)));
    }

    /** The `flink run` client's JVM options. */
    static List<String> clientJvmOptions(Configuration c, Path log) {
        return configured(c, List.of(CoreOptions.FLINK_CLI_JVM_OPTIONS), log, "log4j-cli.properties");
    }

    /** As config.sh orders them: default options, then env.java.opts.all, then the role's (default, then own). */
    private static List<String> configured(Configuration c, List<ConfigOption<String>> role, Path log, String log4j) {
        List<String> options = new ArrayList<>();
        options.addAll(split(c.get(CoreOptions.FLINK_DEFAULT_JVM_OPTIONS)));
        options.addAll(split(c.get(CoreOptions.FLINK_JVM_OPTIONS)));
        role.forEach(o -> options.addAll(split(c.get(o))));
        options.add("-Dlog.file=" + log);
        options.add("-Dlog4j.configurationFile=" + CONF_DIR.resolve(log4j).toUri());
        return options;
    }

    private static List<String> split(String s) {
        return s == null || s.isBlank() ? List.of() : List.of(s.strip().split("\\s+"));
    }
}
