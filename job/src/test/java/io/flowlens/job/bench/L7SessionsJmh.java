package io.flowlens.job.bench;

import io.flowlens.job.l7.L7Segment;
import io.flowlens.job.l7.L7Session;
import io.flowlens.job.l7.Transaction;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Transactions per second of each L7 session on one core: the connections of {@link L7Exchanges} (segments cut at
 * the default 128-byte cap) fed to fresh sessions, session creation included. One operation is one transaction.
 * Run: {@code bin/flowlens bench} (add {@code -prof gc} for bytes allocated per transaction).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class L7SessionsJmh {
    @Param({"http-keepalive", "http-pipelined4", "http2-grpc", "redis", "redis-pipelined5", "dns-udp",
            "kafka-metadata", "kafka-produce", "icmp-echo", "tls-clienthello"})
    public String workload;

    private L7Exchanges exchanges;
    private Consumer<Transaction> out;

    /** Builds the workload and checks that it makes exactly the transactions it is counted as. */
    @Setup
    public void setUp(Blackhole blackhole) {
        exchanges = L7Exchanges.of(workload);
        int[] made = {0};
        replay(t -> made[0] += t.protocol != null ? 1 : 0);
        if (made[0] != L7Exchanges.TRANSACTIONS) {
            throw new IllegalStateException(workload + " made " + made[0] + " transactions, not "
                    + L7Exchanges.TRANSACTIONS + ": the benchmark would measure the wrong thing");
        }
        out = blackhole::consume;
    }

    @Benchmark
    @OperationsPerInvocation(L7Exchanges.TRANSACTIONS)
    public void transactions() {
        replay(out);
    }

    private void replay(Consumer<Transaction> sink) {
        for (List<L7Segment> connection : exchanges.connections()) {
            L7Session session = exchanges.sessions().get();
            for (int i = 0; i < connection.size(); i++) {
                session.onSegment(connection.get(i), sink);
            }
            session.close(sink);
        }
    }
}
