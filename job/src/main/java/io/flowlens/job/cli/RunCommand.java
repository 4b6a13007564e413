package io.flowlens.job.cli;

import io.flowlens.job.JobRunner;
import io.flowlens.job.RunOptions;
import io.flowlens.job.hubble.HubbleInput;
import io.flowlens.job.label.Labeler;
import io.flowlens.job.sink.DatasetFormat;
import io.flowlens.job.sink.DatasetSinks;
import io.flowlens.sources.hubble.HubbleConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code flowlens run}: checks every argument, then runs the job (embedded, or on the cluster of `flink run`). */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Capture live on this node's interfaces, or replay capture files, and write the flows dataset.",
                "",
                "Examples:",
                "  flowlens run eth0 --duration 60 --label 0",
                "  flowlens run 'lxc*,veth*' --window 10 --output /data/flows --format parquet",
                "  flowlens run all --duration 300 --labels attack-window.txt",
                "  flowlens run --pcap trace.pcapng --output ./out",
                "  flowlens run 'lxc*' --hubble localhost:4245",
                "  flowlens run --pcap trace.pcapng --hubble-file flows.jsonl"})
public final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "<interface|all|list|glob>",
            description = "Interfaces to capture on: a name (eth0), a list (eth0,eth1), globs (lxc*,veth*), or all "
                    + "(every non-loopback interface that is up, including ones that appear later).")
    String interfaces;

    @Option(names = "--pcap", arity = "1..*", paramLabel = "FILE",
            description = "Replay pcap/pcapng files through the same kernel program instead of capturing live.")
    List<Path> pcaps = new ArrayList<>();

    @Option(names = "--duration", paramLabel = "S", description = "Capture for S seconds, then finish every file and "
            + "exit (default: until Ctrl-C). Live capture only.")
    Double durationSeconds;

    @Option(names = "--window", paramLabel = "S", defaultValue = "5",
            description = "Window length in seconds: one row per flow per window (default: ${DEFAULT-VALUE}).")
    double windowSeconds;

    @Option(names = "--output-interval", paramLabel = "S", defaultValue = "10",
            description = "Seconds between dataset commits (checkpoints); rows appear in the dataset at this pace "
                    + "(default: ${DEFAULT-VALUE}).")
    double outputIntervalSeconds;

    @Option(names = "--label", paramLabel = "N", defaultValue = "0",
            description = "anomaly_label for every row (0 = normal, 1 = anomaly; default: ${DEFAULT-VALUE}).")
    int label;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "Label rules (time range, CIDR, port, protocol -> label), first match wins, else --label. "
                    + "One rule per line: label=1 from=2026-11-23T10:00:00Z to=2026-11-23T10:05:00Z cidr=10.0.0.0/8 "
                    + "port=80 protocol=tcp")
    Path labels;

    @Option(names = "--output", paramLabel = "DIR", defaultValue = "./flowlens-out",
            description = "Output directory; each dataset is a folder in it (default: ${DEFAULT-VALUE}).")
    String output;

    @Option(names = "--format", paramLabel = "csv|parquet|both", defaultValue = "both",
            description = "Dataset file format (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--parallelism", paramLabel = "N",
            description = "Parallelism of the embedded run (default: the number of cores). Under `flink run`, its -p "
                    + "or the cluster's parallelism.default rules: give it nodes x slots per TaskManager.")
    Integer parallelism;

    @Option(names = "--no-system-metrics", negatable = true, defaultValue = "true",
            description = "Join the node's CPU, memory and disk metrics to each row (default: on).")
    boolean systemMetrics;

    @Option(names = "--keep-query",
            description = "Keep HTTP query strings in the datasets (redacted to '?' by default: they often carry tokens).")
    boolean keepQuery;

    @Option(names = "--payload-cap", paramLabel = "BYTES",
            description = "Payload bytes the kernel exports per L7 message start, 1..256 (default 256, or "
                    + "flowlens.capture.payload-cap in Flink's configuration). Lower costs less and cuts more headers.")
    Integer payloadCap;

    @Option(names = "--no-status", description = "No live status line on the terminal.")
    boolean noStatus;

    @Option(names = "--hubble", paramLabel = "ADDR", arity = "0..1", fallbackValue = HubbleConnection.DEFAULT_RELAY,
            description = "Merge Cilium Hubble flows (pods, workloads, identities, verdicts, drop reasons, L7 records) "
                    + "from hubble-relay at ADDR (host:port, tls://host:port; just --hubble: "
                    + HubbleConnection.DEFAULT_RELAY + ") or a node's socket (" + HubbleConnection.DEFAULT_SOCKET
                    + "). Off by default. Live capture only.")
    String hubble;

    @Option(names = "--hubble-file", paramLabel = "PATH",
            description = "Merge Hubble flows from a JSON-lines file (hubble observe -o jsonpb, or Cilium's flow export "
                    + "file): followed as it grows and rotates when capturing live, read to its end with --pcap.")
    Path hubbleFile;

    @Option(names = "--hubble-tls-ca", paramLabel = "FILE", description = "PEM CA certificates for Hubble's TLS (turns TLS on).")
    Path hubbleCa;

    @Option(names = "--hubble-tls-cert", paramLabel = "FILE",
            description = "PEM client certificate for mutual TLS with Hubble (with --hubble-tls-key).")
    Path hubbleCert;

    @Option(names = "--hubble-tls-key", paramLabel = "FILE", description = "PEM (PKCS#8) key of --hubble-tls-cert.")
    Path hubbleKey;

    @Option(names = "--hubble-tls-server-name", paramLabel = "NAME",
            description = "Name to check Hubble's certificate against (e.g. relay.hubble-relay.cilium.io).")
    String hubbleServerName;

    @Override
    public Integer call() throws Exception {
        RunOptions o = options();
        if (JobRunner.embedded()) {
            Preflight.check(o); // under `flink run`, capture happens on the TaskManagers, not here
        }
        return JobRunner.run(o, !noStatus && System.console() != null);
    }

    RunOptions options() throws IOException {
        if (interfaces == null && pcaps.isEmpty()) {
            throw new IllegalArgumentException("give interfaces to capture on (eth0, 'lxc*', all) or --pcap FILE...; see --help");
        }
        if (interfaces != null && !pcaps.isEmpty()) {
            throw new IllegalArgumentException("capture live or replay --pcap files, not both");
        }
        if (durationSeconds != null && !pcaps.isEmpty()) {
            throw new IllegalArgumentException("--duration applies to live capture; a replay ends with its files");
        }
        Duration duration = durationSeconds == null ? null : seconds("--duration", durationSeconds);
        Duration window = seconds("--window", windowSeconds);
        Duration interval = seconds("--output-interval", outputIntervalSeconds);
        for (Path p : pcaps) {
            if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                throw new IllegalArgumentException("capture file " + p + " does not exist or is not readable");
            }
        }
        Labeler labeler = Labeler.constant(label);
        if (labels != null) {
            if (!Files.isReadable(labels)) {
                throw new IllegalArgumentException("labels file " + labels + " does not exist or is not readable");
            }
            labeler = Labeler.parse(labels, label);
        }
        DatasetFormat f = DatasetFormat.parse(format);
        int p = parallelism == null ? Runtime.getRuntime().availableProcessors() : parallelism;
        if (p < 1) {
            throw new IllegalArgumentException("--parallelism must be at least 1");
        }
        if (payloadCap != null && (payloadCap < 1 || payloadCap > 256)) {
            throw new IllegalArgumentException("--payload-cap must be 1..256 bytes, got " + payloadCap);
        }
        return new RunOptions(interfaces, pcaps, duration, window, interval, labeler, output, f, p, systemMetrics, keepQuery,
                hubbleInput(), payloadCap);
    }

    private HubbleInput hubbleInput() {
        boolean tlsOptions = hubbleCa != null || hubbleCert != null || hubbleKey != null || hubbleServerName != null;
        if (hubble != null && hubbleFile != null) {
            throw new IllegalArgumentException("read Hubble from --hubble or from --hubble-file, not both");
        }
        if (tlsOptions && hubble == null) {
            throw new IllegalArgumentException("--hubble-tls-* options need --hubble ADDR");
        }
        if (hubbleFile != null) {
            if (!pcaps.isEmpty() && !Files.isReadable(hubbleFile)) {
                throw new IllegalArgumentException("Hubble flows file " + hubbleFile + " does not exist or is not readable");
            }
            return HubbleInput.file(hubbleFile.toString());
        }
        if (hubble == null) {
            return null;
        }
        if (!pcaps.isEmpty()) {
            throw new IllegalArgumentException("--hubble streams live flows; a --pcap replay reads recorded ones with "
                    + "--hubble-file (hubble observe -o jsonpb > FILE)");
        }
        for (Path p : new Path[] {hubbleCa, hubbleCert, hubbleKey}) {
            if (p != null && !Files.isReadable(p)) {
                throw new IllegalArgumentException("Hubble TLS file " + p + " does not exist or is not readable");
            }
        }
        return HubbleInput.stream(new HubbleConnection(hubble, str(hubbleCa), str(hubbleCert), str(hubbleKey),
                hubbleServerName));
    }

    private static String str(Path p) {
        return p == null ? null : p.toString();
    }

    private static Duration seconds(String option, double s) {
        if (!(s > 0) || Double.isInfinite(s)) {
            throw new IllegalArgumentException(option + " must be a positive number of seconds, got " + s);
        }
        long ms = Math.round(s * 1000);
        if (ms < 100) {
            throw new IllegalArgumentException(option + " must be at least 0.1 s, got " + s);
        }
        return Duration.ofMillis(ms);
    }
}
