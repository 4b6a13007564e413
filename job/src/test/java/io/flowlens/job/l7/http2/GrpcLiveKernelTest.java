package io.flowlens.job.l7.http2;

import static io.flowlens.job.l7.L7LiveRun.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowlens.job.l7.L7LiveRun;
import io.flowlens.sources.bpf.KernelTest;
import io.flowlens.testkit.BackgroundProcess;
import io.flowlens.testkit.ChildJvm;
import io.flowlens.testkit.Topology;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real grpc-java server (Netty, plain-text HTTP/2 with prior knowledge) in a network namespace and a grpc-java client
 * in the root namespace, captured live on the veth's host end by the real pipeline: one connection, four calls
 * (unary, unary failing with NOT_FOUND and a percent-encoded message, server streaming, unary again on a warm HPACK
 * table). The transactions are exactly those four calls, and agree with tshark's HTTP/2 dissector on a dumpcap
 * capture of the same interface.
 */
@KernelTest
class GrpcLiveKernelTest {
    /** gRPC's customary port; tshark decodes it as HTTP/2 through {@link TsharkHttp2Streams}. */
    private static final int PORT = 50051;
    private static final Duration DURATION = Duration.ofSeconds(8);
    private static final String GET = "/" + EchoService.SERVICE + "/Get", COUNT = "/" + EchoService.SERVICE + "/Count";

    @RegisterExtension
    static final MiniClusterExtension FLINK = L7LiveRun.miniCluster();

    @TempDir
    Path dir;

    @Test
    void everyCallIsOneTransactionWithItsStatus() throws Exception {
        try (Topology t = Topology.hostAndNs();
                BackgroundProcess server = ChildJvm.start(t.server(), GrpcEchoServer.class, GrpcEchoServer.READY,
                        t.serverV4().getHostAddress(), Integer.toString(PORT))) {
            List<String> answers = new ArrayList<>();
            L7LiveRun run = L7LiveRun.of(t.link(), DURATION, dir, () -> {
                ManagedChannel channel = NettyChannelBuilder.forAddress(new InetSocketAddress(t.serverV4(), PORT))
                        .usePlaintext().build();
                try {
                    answers.add(ClientCalls.blockingUnaryCall(channel, EchoService.GET, CallOptions.DEFAULT, "alpha"));
                    assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, EchoService.GET, CallOptions.DEFAULT,
                            EchoService.MISSING)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                                assertThat(e.getStatus().getDescription()).isEqualTo(EchoService.notFoundMessage(EchoService.MISSING));
                            });
                    ClientCalls.blockingServerStreamingCall(channel, EchoService.COUNT, CallOptions.DEFAULT, "3")
                            .forEachRemaining(answers::add);
                    answers.add(ClientCalls.blockingUnaryCall(channel, EchoService.GET, CallOptions.DEFAULT, "beta"));
                } finally {
                    channel.shutdown().awaitTermination(5, TimeUnit.SECONDS);
                }
            });
            assertThat(answers).as(server.output()).containsExactly("value of alpha", "1", "2", "3", "value of beta");

            String client = t.clientV4().getHostAddress(), ns = t.serverV4().getHostAddress();
            List<Row> ours = run.transactions().stream().filter(r -> ns.equals(get(r, "dst_ip")))
                    .sorted(Comparator.comparing(r -> (Integer) get(r, "http2_stream_id"))).toList();
            assertThat(ours).as("one transaction per call, nothing else: %s", ours).hasSize(4);
            // Netty's HTTP/2 client opens its streams from 3 (stream 1 is kept for an h2c upgrade)
            assertCall(ours.get(0), 3, GET, 0, null);
            assertCall(ours.get(1), 5, GET, Status.Code.NOT_FOUND.value(), EchoService.notFoundMessage(EchoService.MISSING));
            assertCall(ours.get(2), 7, COUNT, 0, null);
            assertCall(ours.get(3), 9, GET, 0, null);
            assertThat(ours).allSatisfy(r -> {
                assertThat(get(r, "src_ip")).isEqualTo(client);
                assertThat(get(r, "dst_port")).isEqualTo(PORT);
                assertThat(get(r, "protocol")).isEqualTo(6);
                assertThat(get(r, "host")).as(":authority").isEqualTo(ns + ":" + PORT);
                assertThat(get(r, "partial")).as("header blocks whole within the payload cap").isEqualTo(0);
                assertThat((Double) get(r, "latency_ms")).isPositive();
            });
            assertThat(ours.stream().map(r -> get(r, "flow_id")).distinct()).as("one channel, one connection").hasSize(1);

            Map<String, String[]> tshark = TsharkHttp2Streams.of(run.pcap());
            assertThat(tshark).as("tshark sees the same four streams").hasSize(4);
            for (Row r : ours) {
                String[] s = tshark.entrySet().stream().filter(e -> e.getKey().endsWith(" #" + get(r, "http2_stream_id")))
                        .map(Map.Entry::getValue).findFirst().orElseThrow();
                assertThat(new Object[] {get(r, "method"), get(r, "target"), String.valueOf(get(r, "status"))})
                        .as("method, path, grpc-status = tshark's :method, :path, grpc-status")
                        .containsExactly(s[0], s[1], s[3]);
                assertThat(s[2]).as("HTTP :status of a gRPC call").isEqualTo("200");
            }
        }
    }

    private static void assertCall(Row r, int stream, String path, int grpcStatus, String message) {
        assertThat(get(r, "http2_stream_id")).isEqualTo(stream);
        assertThat(get(r, "l7_protocol")).as("stream %d", stream).isEqualTo("grpc");
        assertThat(get(r, "method")).isEqualTo("POST");
        assertThat(get(r, "target")).isEqualTo(path);
        assertThat(get(r, "status")).as("grpc-status of stream %d", stream).isEqualTo(grpcStatus);
        assertThat(get(r, "message")).as("grpc-message, percent-decoded").isEqualTo(message);
        assertThat(get(r, "failed")).isEqualTo(grpcStatus == 0 ? 0 : 1);
    }
}
