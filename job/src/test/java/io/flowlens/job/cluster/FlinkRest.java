package io.flowlens.job.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;

/** The few calls of the JobManager's REST API the session cluster test needs (the same API `flink list` uses). */
final class FlinkRest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;

    FlinkRest(String host, int port) {
        this.base = "http://" + host + ":" + port;
    }

    /** GET {@code path} as JSON; empty when the JobManager does not answer (yet) or answers with an error. */
    Optional<JsonNode> get(String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(JSON.readTree(r.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The hosts of the registered TaskManagers (from their RPC addresses, pekko.tcp://flink@HOST:PORT/...). */
    List<String> taskManagerHosts() {
        List<String> hosts = new ArrayList<>();
        get("/taskmanagers").ifPresent(j -> j.get("taskmanagers").forEach(tm -> {
            String path = tm.get("path").asText();
            String hostPort = path.substring(path.indexOf('@') + 1, path.indexOf('/', path.indexOf('@')));
            hosts.add(hostPort.substring(0, hostPort.lastIndexOf(':')));
        }));
        return hosts;
    }

    /** Ids of the jobs the cluster knows, newest first as the overview lists them. */
    List<String> jobIds() {
        List<String> ids = new ArrayList<>();
        get("/jobs/overview").ifPresent(j -> j.get("jobs").forEach(job -> ids.add(job.get("jid").asText())));
        return ids;
    }

    /** The job's state (RUNNING, RESTARTING, FINISHED...), or empty if unknown. */
    Optional<String> jobState(String jobId) {
        return get("/jobs/" + jobId).map(j -> j.get("state").asText());
    }

    /** Cancels the job (as `flink cancel` does); true if the JobManager accepted. */
    boolean cancel(String jobId) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/jobs/" + jobId + "?mode=cancel"))
                    .timeout(Duration.ofSeconds(10)).method("PATCH", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 202;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Checkpoints of the job completed so far. */
    int completedCheckpoints(String jobId) {
        return get("/jobs/" + jobId + "/checkpoints").map(j -> j.path("counts").path("completed").asInt()).orElse(0);
    }

    /** A job-level metric's value (numRestarts, ...), or empty. */
    Optional<String> jobMetric(String jobId, String metric) {
        return get("/jobs/" + jobId + "/metrics?get=" + metric)
                .filter(j -> j.isArray() && !j.isEmpty())
                .map(j -> j.get(0).get("value").asText());
    }
}
