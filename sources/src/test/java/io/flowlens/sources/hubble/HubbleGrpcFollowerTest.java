package io.flowlens.sources.hubble;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gRPC client against a real grpc-java Observer server replaying the recorded real flows: every flow arrives
 * with its fields (checked against Jackson's reading of the same lines), over TCP and over a unix socket; a server
 * stopped and restarted mid-stream costs nothing it had; a message that is not a response is counted and skipped.
 */
class HubbleGrpcFollowerTest {
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<HubbleGrpcFollower> followers = new ArrayList<>();

    @TempDir
    Path tmp;

    @AfterEach
    void stop() throws InterruptedException {
        followers.forEach(HubbleGrpcFollower::close);
        threads.shutdownNow();
        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).as("followers end when closed").isTrue();
    }

    private Future<?> follow(HubbleConnection c, HubbleStatus status, CollectedFlows out) {
        HubbleGrpcFollower f = new HubbleGrpcFollower(c, status, 0, 50, 400, 2_000_000_000L, 60_000);
        followers.add(f);
        return threads.submit(() -> {
            f.run(flow -> out.add(flow));
            return null;
        });
    }

    /** Waits up to 20 s for the condition (a loaded machine may be slow; a broken client never gets there). */
    static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within 20 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void everyRecordedFlowArrivesOverTcpWithItsFields() throws Exception {
        List<RecordedHubbleFlows.Line> lines = RecordedHubbleFlows.all();
        List<byte[]> messages = ObserverReplayServer.recorded(lines);
        try (ObserverReplayServer server = ObserverReplayServer.tcp(messages, messages.size(), 0)) {
            HubbleStatus status = new HubbleStatus("test");
            CollectedFlows out = new CollectedFlows();
            long start = System.nanoTime();
            follow(HubbleConnection.plain("127.0.0.1:" + server.port()), status, out);
            List<HubbleFlow> flows = out.await(lines.size(), 30, TimeUnit.SECONDS);
            System.out.printf("hubble gRPC: %d recorded flows received and converted in %.0f ms%n", flows.size(),
                    (System.nanoTime() - start) / 1e6);
            FlowExpectations.matchEveryLine(lines, flows);
            assertThat(status.isConnected()).isTrue();
            assertThat(status.malformed()).isZero();
        }
    }

    @Test
    void everyRecordedFlowArrivesOverAUnixSocket() throws Exception {
        Assumptions.assumeTrue(Epoll.isAvailable(), "Netty epoll (unix sockets) is unavailable here");
        List<RecordedHubbleFlows.Line> lines = RecordedHubbleFlows.lines(List.of("cilium-docs_exporter-drops.jsonl",
                "hubble-otel_basic-sample-10-flows.json"));
        Path socket = tmp.resolve("hubble.sock");
        try (ObserverReplayServer server = ObserverReplayServer.unix(ObserverReplayServer.recorded(lines), socket)) {
            CollectedFlows out = new CollectedFlows();
            follow(HubbleConnection.plain("unix://" + socket), new HubbleStatus("test"), out);
            FlowExpectations.matchEveryLine(lines, out.await(lines.size(), 30, TimeUnit.SECONDS));
        }
    }

    @Test
    void aServerRestartedMidStreamCostsNothingItHad() throws Exception {
        List<RecordedHubbleFlows.Line> lines = RecordedHubbleFlows.lines(List.of("hubble-otel_basic-sample-400-tcp-flows.json"));
        List<byte[]> messages = ObserverReplayServer.recorded(lines);
        int half = messages.size() / 2;
        HubbleStatus status = new HubbleStatus("test");
        CollectedFlows out = new CollectedFlows();
        int port;
        try (ObserverReplayServer first = ObserverReplayServer.tcp(messages, half, 0)) {
            port = first.port();
            follow(HubbleConnection.plain("127.0.0.1:" + port), status, out);
            out.await(half, 30, TimeUnit.SECONDS);
        }
        // the outage: the client sees its stream cut and cannot connect for a while
        awaitTrue(() -> !status.isConnected(), "no server, not connected");
        try (ObserverReplayServer second = ObserverReplayServer.tcp(messages, messages.size(), port)) {
            List<HubbleFlow> flows = out.await(messages.size(), 30, TimeUnit.SECONDS);
            Thread.sleep(300); // a repeat would come now
            flows = out.snapshot();
            FlowExpectations.matchEveryLine(lines, flows);
            assertThat(status.reconnects()).as("reconnected").isPositive();
            assertThat(status.duplicates()).as("the resumed stream's overlap was skipped").isPositive();
        }
    }

    @Test
    void aMessageThatIsNotAResponseIsCountedAndSkipped() throws Exception {
        List<RecordedHubbleFlows.Line> lines = RecordedHubbleFlows.lines(List.of("hubble-otel_basic-sample-10-flows.json"));
        List<byte[]> messages = new ArrayList<>(ObserverReplayServer.recorded(lines));
        messages.add(4, new byte[] {0x0a, (byte) 0xff, 0x01}); // field 1 (flow), length 255, one byte: truncated
        try (ObserverReplayServer server = ObserverReplayServer.tcp(messages, messages.size(), 0)) {
            HubbleStatus status = new HubbleStatus("test");
            CollectedFlows out = new CollectedFlows();
            follow(HubbleConnection.plain("127.0.0.1:" + server.port()), status, out);
            FlowExpectations.matchEveryLine(lines, out.await(lines.size(), 30, TimeUnit.SECONDS));
            assertThat(status.malformed()).isEqualTo(1);
            assertThat(status.lastMalformed()).isEqualTo("message 5 of this stream");
            assertThat(status.reconnects()).as("the stream went on").isZero();
        }
    }

    @Test
    void lostEventsAndNodeStatusAreCountedNotFlows() throws Exception {
        List<RecordedHubbleFlows.Line> lines = RecordedHubbleFlows.lines(List.of("cilium-docs_exporter-drops.jsonl"));
        List<byte[]> messages = new ArrayList<>(ObserverReplayServer.recorded(lines));
        messages.add(1, io.flowlens.sources.hubble.api.GetFlowsResponse.newBuilder()
                .setLostEvents(io.flowlens.sources.hubble.api.LostEvent.newBuilder()
                        .setSource(io.flowlens.sources.hubble.api.LostEventSource.HUBBLE_RING_BUFFER).setNumEventsLost(17))
                .setNodeName("kind-kind/kind-worker").build().toByteArray());
        messages.add(0, HubbleResponses.parseJson("{\"node_status\":{\"state_change\":\"NODE_CONNECTED\","
                + "\"node_names\":[\"kind-kind/kind-worker\"]}}").toByteArray());
        messages.add(HubbleResponses.parseJson("{\"lost_events\":{\"source\":\"OBSERVER_EVENTS_QUEUE\","
                + "\"num_events_lost\":\"25\"}}").toByteArray());
        try (ObserverReplayServer server = ObserverReplayServer.tcp(messages, messages.size(), 0)) {
            HubbleStatus status = new HubbleStatus("test");
            CollectedFlows out = new CollectedFlows();
            follow(HubbleConnection.plain("127.0.0.1:" + server.port()), status, out);
            FlowExpectations.matchEveryLine(lines, out.await(lines.size(), 30, TimeUnit.SECONDS));
            awaitTrue(() -> status.lostEvents() == 42, "17 + 25 lost events counted");
            assertThat(status.malformed()).isZero();
        }
    }

    @Test
    void nothingListeningMeansRetriesNotFailures() throws Exception {
        HubbleStatus status = new HubbleStatus("test");
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Future<?> run = follow(HubbleConnection.plain("127.0.0.1:" + port), status, new CollectedFlows());
        awaitTrue(() -> status.reconnects() >= 3, "several attempts (backoff 50..400 ms)");
        assertThat(run.isDone()).as("still trying").isFalse();
        assertThat(status.isConnected()).isFalse();
    }
}
