package io.flowlens.job.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.flowlens.job.cli.FlowlensCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.kubernetes.operator.api.FlinkSessionJob;
import org.apache.flink.kubernetes.operator.api.spec.JobSpec;
import org.apache.flink.kubernetes.operator.api.spec.KubernetesDeploymentMode;
import org.apache.flink.kubernetes.operator.api.spec.UpgradeMode;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every manifest under k8s/, rendered as kustomize would (base, application and session overlays), binds to the
 * typed models: the Flink Kubernetes operator's own CRD classes (flink-kubernetes-operator-api) and fabric8's
 * Kubernetes models, unknown fields failing. Then the fields flowlens depends on are checked: one TaskManager per
 * node, host network, BPF capabilities instead of privileged, the kernel and Hubble mounts, resources, RBAC that only
 * reads, a job that starts the CLI with arguments it accepts; and every file the image recipe copies exists.
 */
class KubernetesManifestsTest {
    private static final Path APPLICATION = Manifests.K8S.resolve("overlays/application");
    private static final Path SESSION = Manifests.K8S.resolve("overlays/session");
    private static final String JAR_IN_IMAGE = "/opt/flink/usrlib/flowlens-job.jar";

    @Test
    void applicationModeRunsTheJobFromTheImageOnEveryNode() {
        List<JsonNode> docs = Manifests.render(APPLICATION);
        FlinkDeployment d = flinkDeployment(docs);
        assertThat(d.getSpec().getMode()).as("standalone: exactly taskManager.replicas TaskManagers")
                .isEqualTo(KubernetesDeploymentMode.STANDALONE);
        JobSpec job = d.getSpec().getJob();
        assertThat(job).as("application mode carries the job").isNotNull();
        assertThat(job.getJarURI()).isEqualTo("local://" + JAR_IN_IMAGE);
        assertJob(job, d);
        assertTaskManagerPods(d);
        assertThat(d.getSpec().getServiceAccount()).isEqualTo(only(docs, "ServiceAccount", ServiceAccount.class)
                .getMetadata().getName());
        assertThat(d.getMetadata().getNamespace()).isEqualTo(only(docs, "Namespace", Namespace.class).getMetadata().getName());
    }

    @Test
    void sessionOverlayIsTheSameClusterWithoutItsJobAndAFlinkSessionJob() {
        List<JsonNode> docs = Manifests.render(SESSION);
        FlinkDeployment cluster = flinkDeployment(docs);
        assertThat(cluster.getSpec().getJob()).as("a session cluster has no job of its own").isNull();
        assertTaskManagerPods(cluster);
        FlinkSessionJob sessionJob = only(docs, "FlinkSessionJob", FlinkSessionJob.class);
        assertThat(sessionJob.getSpec().getDeploymentName()).isEqualTo(cluster.getMetadata().getName());
        assertThat(sessionJob.getMetadata().getNamespace()).isEqualTo(cluster.getMetadata().getNamespace());
        assertThat(sessionJob.getSpec().getJob().getJarURI()).as("the operator fetches a session job's jar")
                .matches("(https?|s3a?|gs|abfss?|hdfs)://.+/flowlens-job\\.jar");
        assertJob(sessionJob.getSpec().getJob(), cluster);
        FlinkDeployment application = flinkDeployment(Manifests.render(APPLICATION));
        assertThat(sessionJob.getSpec().getJob().getArgs()).as("the same job as in application mode")
                .isEqualTo(application.getSpec().getJob().getArgs());
        assertThat(cluster.getSpec().getTaskManager()).as("overlays, not copies: the same TaskManagers")
                .isEqualTo(application.getSpec().getTaskManager());
    }

    @Test
    void rbacReadsPodsServicesNodesAndReplicaSetsOnly() {
        List<JsonNode> docs = Manifests.render(APPLICATION);
        ClusterRole role = only(docs, "ClusterRole", ClusterRole.class);
        Set<String> granted = new TreeSet<>();
        for (PolicyRule r : role.getRules()) {
            assertThat(r.getVerbs()).as("read only").isSubsetOf("get", "list", "watch");
            assertThat(r.getResourceNames()).as("no resource names").isNullOrEmpty();
            assertThat(r.getNonResourceURLs()).isNullOrEmpty();
            r.getApiGroups().forEach(g -> r.getResources().forEach(res -> granted.add(g + "/" + res)));
        }
        assertThat(granted).containsExactlyInAnyOrder("/pods", "/services", "/nodes", "apps/replicasets");
        ClusterRoleBinding binding = only(docs, "ClusterRoleBinding", ClusterRoleBinding.class);
        ServiceAccount account = only(docs, "ServiceAccount", ServiceAccount.class);
        assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getName()).isEqualTo(account.getMetadata().getName());
            assertThat(s.getNamespace()).isEqualTo(account.getMetadata().getNamespace());
        });
    }

    @Test
    void imageRecipeCopiesFilesThatExistAndTheJarTheManifestsName() throws Exception {
        String dockerfile = Files.readString(Manifests.K8S.resolve("Dockerfile"));
        String jobPom = Files.readString(Manifests.PROJECT.resolve("job/pom.xml"));
        Matcher copy = Pattern.compile("(?m)^COPY\\s+((?:--\\S+\\s+)*)(\\S+)\\s+(\\S+)\\s*$").matcher(dockerfile);
        int copies = 0;
        while (copy.find()) {
            if (copy.group(1).contains("--from=")) {
                continue; // from the Flink image, not from this repository
            }
            copies++;
            String source = copy.group(2);
            if (source.equals("job/target/flowlens-job.jar")) {
                assertThat(jobPom).as("the shade plugin writes the jar the image copies")
                        .contains("<outputFile>${project.build.directory}/flowlens-job.jar</outputFile>");
                assertThat(copy.group(3)).isEqualTo("$FLINK_HOME/usrlib/flowlens-job.jar");
            } else {
                assertThat(Manifests.PROJECT.resolve(source)).as("COPY %s (from the repository root)", source).isRegularFile();
            }
        }
        assertThat(copies).as("the job jar, the entrypoint, the console logging").isEqualTo(3);
        assertThat(Manifests.PROJECT.resolve("k8s/image/flowlens-entrypoint.sh")).isExecutable();
        assertThat(dockerfile).contains("ENTRYPOINT [\"/flowlens-entrypoint.sh\"]")
                .containsPattern("FLINK_IMAGE=flink:" + Pattern.quote(flinkVersion()) + "-java")
                .contains("FROM eclipse-temurin:25-")
                .containsPattern("apt-get install[^\\n]*libbpf1");
    }

    /** The FlinkDeployment, typed. Its flinkVersion is checked as text first: see {@link #flinkVersion2}. */
    private static FlinkDeployment flinkDeployment(List<JsonNode> docs) {
        ObjectNode doc = Manifests.only(docs, "FlinkDeployment").deepCopy();
        flinkVersion2((ObjectNode) doc.get("spec"));
        return Manifests.bind(doc, FlinkDeployment.class);
    }

    /**
     * The newest operator API Maven Central serves here (1.10.0) knows Flink versions up to v1_20; flinkVersion v2_x
     * (config.yaml format) is checked as text and left out of the typed binding.
     */
    private static void flinkVersion2(ObjectNode spec) {
        assertThat(spec.path("flinkVersion").asText()).as("a Flink 2 version").matches("v2_\\d+");
        spec.remove("flinkVersion");
    }

    private static <T> T only(List<JsonNode> docs, String kind, Class<T> type) {
        return Manifests.bind(Manifests.only(docs, kind), type);
    }

    /** Entry class, CLI arguments, one reader per slot, savepoint upgrades; Flink settings flowlens relies on. */
    private static void assertJob(JobSpec job, FlinkDeployment d) {
        assertThat(job.getEntryClass()).isEqualTo(FlowlensCli.class.getName());
        CommandLine.ParseResult parsed = new CommandLine(new FlowlensCli()).parseArgs(job.getArgs());
        assertThat(parsed.subcommand()).as("the CLI accepts the arguments").isNotNull();
        assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("run");
        Map<String, String> conf = d.getSpec().getFlinkConfiguration();
        int slots = Integer.parseInt(conf.get("taskmanager.numberOfTaskSlots"));
        assertThat(job.getParallelism()).as("nodes x slots: every slot, so every node, runs a capture reader")
                .isEqualTo(d.getSpec().getTaskManager().getReplicas() * slots);
        assertThat(job.getUpgradeMode()).isEqualTo(UpgradeMode.SAVEPOINT);
        assertThat(conf).containsEntry("state.backend.type", "rocksdb")
                .containsEntry("execution.checkpointing.incremental", "true")
                .containsEntry("taskmanager.load-balance.mode", "SLOTS")
                .containsEntry("restart-strategy.type", "exponential-delay")
                .containsEntry("metrics.reporter.prom.factory.class",
                        "org.apache.flink.metrics.prometheus.PrometheusReporterFactory")
                .containsKeys("execution.checkpointing.dir", "execution.checkpointing.savepoint-dir");
        assertThat(conf.get("env.java.opts.all")).contains("--enable-native-access=ALL-UNNAMED");
    }

    /** One TaskManager per node on the host network, BPF capabilities without privileged, mounts, resources. */
    private static void assertTaskManagerPods(FlinkDeployment d) {
        assertThat(d.getSpec().getTaskManager().getReplicas()).as("replicas = nodes").isPositive();
        PodTemplateSpec template = d.getSpec().getTaskManager().getPodTemplate();
        assertThat(template.getAdditionalProperties()).as("no unknown fields in the pod template").isEmpty();
        PodSpec pod = template.getSpec();
        assertThat(pod.getAdditionalProperties()).isEmpty();
        assertThat(pod.getHostNetwork()).as("capture the node's interfaces").isTrue();
        var antiAffinity = pod.getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
        assertThat(antiAffinity).as("never two TaskManagers on one node").singleElement().satisfies(t -> {
            assertThat(t.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
            assertThat(template.getMetadata().getLabels()).containsAllEntriesOf(t.getLabelSelector().getMatchLabels());
        });
        assertThat(pod.getContainers()).singleElement().satisfies(c -> assertMainContainer(c, pod.getVolumes()));
    }

    private static void assertMainContainer(Container c, List<Volume> volumes) {
        assertThat(c.getName()).as("the operator merges into this name").isEqualTo("flink-main-container");
        assertThat(c.getAdditionalProperties()).isEmpty();
        var security = c.getSecurityContext();
        assertThat(security.getPrivileged()).as("capabilities instead of privileged").isNotEqualTo(Boolean.TRUE);
        assertThat(security.getCapabilities().getAdd()).containsExactlyInAnyOrder("BPF", "NET_ADMIN", "PERFMON", "SYS_RESOURCE");
        assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(security.getRunAsUser()).as("capabilities are effective for root only").isZero();
        assertThat(c.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("FLOWLENS_KEEP_ROOT");
            assertThat(e.getValue()).isEqualTo("true");
        });
        Map<String, String> hostPaths = volumes.stream().filter(v -> v.getHostPath() != null)
                .collect(Collectors.toMap(Volume::getName, v -> v.getHostPath().getPath()));
        Map<String, String> mounted = c.getVolumeMounts().stream()
                .collect(Collectors.toMap(VolumeMount::getMountPath, m -> hostPaths.getOrDefault(m.getName(), "?")));
        assertThat(mounted).as("mount path -> host path").containsEntry("/sys/fs/bpf", "/sys/fs/bpf")
                .containsEntry("/sys/kernel/btf", "/sys/kernel/btf").containsEntry("/var/run/cilium", "/var/run/cilium");
        for (String kind : List.of("cpu", "memory")) {
            Quantity request = c.getResources().getRequests().get(kind), limit = c.getResources().getLimits().get(kind);
            assertThat(request).as("%s request", kind).isNotNull();
            assertThat(limit).as("%s limit", kind).isNotNull();
            assertThat(limit.getNumericalAmount()).as("%s limit >= request", kind)
                    .isGreaterThanOrEqualTo(request.getNumericalAmount());
        }
    }

    private static String flinkVersion() throws Exception {
        Matcher m = Pattern.compile("<flink.version>([^<]+)</flink.version>")
                .matcher(Files.readString(Manifests.PROJECT.resolve("pom.xml")));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
