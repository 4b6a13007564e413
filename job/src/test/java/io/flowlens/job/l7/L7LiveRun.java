package io.flowlens.job.l7;

import io.flowlens.job.FlowPipeline;
import io.flowlens.job.RunOptions;
import io.flowlens.job.label.Labeler;
import io.flowlens.job.schema.FlowSchema;
import io.flowlens.job.schema.TransactionSchema;
import io.flowlens.job.sink.DatasetFormat;
import io.flowlens.testkit.Capture;
import io.flowlens.testkit.TcPrograms;
import io.flowlens.testkit.TsharkOracle;
import io.flowlens.testkit.VethPair;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/**
 * A bounded live run of the whole pipeline ({@link FlowPipeline#build}: TC capture on a veth's host end, reader,
 * L7 sessions, windows) with dumpcap capturing the same interface, for tests that make real L7 traffic and assert
 * the exact transactions it gave. The traffic starts once the TC programs are attached, runs in its own thread, and
 * must be over a safety margin before the capture ends (else the run fails: a cut capture is not a result).
 * Needs a {@link #miniCluster()} registered in the test class.
 *
 * @param transactions every row of the transactions dataset, in request time order
 * @param flows every row of the flows dataset
 * @param pcap dumpcap's file of the same interface, for tshark
 */
public record L7LiveRun(List<Row> transactions, List<Row> flows, Path pcap) {
    /** Time left after the traffic for its last packets to be captured and exported. */
    private static final Duration MARGIN = Duration.ofSeconds(2);
    private static final Duration ATTACH_TIMEOUT = Duration.ofSeconds(90);

    /** Traffic sent once capture runs; its failures fail the run. */
    public interface Traffic {
        void send() throws Exception;
    }

    /**
     * Runs the pipeline on {@code link.host()} for {@code duration} (from its attach) while {@code traffic} runs.
     *
     * @param dir where dumpcap's file goes
     */
    public static L7LiveRun of(VethPair link, Duration duration, Path dir, Traffic traffic) throws Exception {
        String iface = link.host().name();
        RunOptions o = new RunOptions(iface, List.of(), duration, duration, Duration.ofSeconds(1), Labeler.constant(0),
                dir.resolve("unused").toString(), DatasetFormat.BOTH, 2, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        FlowPipeline.Datasets datasets = FlowPipeline.build(env, o);
        Path pcap = dir.resolve(iface + ".pcapng");
        long submitted = System.nanoTime();
        // its own threads: both block for the whole run, which the common pool must not be asked to carry
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (Capture dumpcap = TsharkOracle.capture(null, iface, pcap, null);
                CloseableIterator<Row> transactions = datasets.transactions().collectAsync();
                CloseableIterator<Row> flows = datasets.flows().collectAsync()) {
            env.executeAsync("l7 live " + iface);
            // both collected streams are read at once, so neither sink waits on the other's reader
            Future<List<Row>> flowRows = threads.submit(() -> drain(flows));
            long end = TcPrograms.awaitTcxLinkSince(link.host().ifindex(), submitted, ATTACH_TIMEOUT) + duration.toNanos();
            Future<Long> sent = threads.submit(() -> {
                traffic.send();
                return System.nanoTime();
            });
            List<Row> rows = drain(transactions); // ends with the job: the capture is bounded by its duration
            long sentAt;
            try {
                sentAt = sent.get(1, TimeUnit.MINUTES);
            } catch (ExecutionException e) {
                throw new AssertionError("the test traffic failed: " + e.getCause(), e.getCause());
            }
            if (sentAt > end - MARGIN.toNanos()) {
                throw new AssertionError("the traffic ended " + (sentAt - end + MARGIN.toNanos()) / 1_000_000
                        + " ms too late for a capture of " + duration + "; give the run a longer duration");
            }
            List<Row> flowList = flowRows.get(1, TimeUnit.MINUTES);
            dumpcap.stop();
            rows.sort(Comparator.comparing((Row r) -> (Long) get(r, "timestamp_ms")));
            return new L7LiveRun(rows, flowList, pcap);
        } finally {
            threads.shutdownNow();
        }
    }

    /** The Flink cluster a live run needs: register it with {@code @RegisterExtension} in the test class. */
    public static MiniClusterExtension miniCluster() {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());
    }

    /**
     * The transactions of one L7 protocol whose client and server are these addresses (IP literals in any notation),
     * in request time order.
     */
    public List<Row> transactions(String l7Protocol, String clientIp, String serverIp) {
        return select(transactions, r -> l7Protocol.equals(get(r, "l7_protocol")) && same(clientIp, get(r, "src_ip"))
                && same(serverIp, get(r, "dst_ip")));
    }

    /** Flow rows whose initiator and responder are these addresses. */
    public List<Row> flows(String clientIp, String serverIp) {
        return select(flows, r -> same(clientIp, flowField(r, "src_ip")) && same(serverIp, flowField(r, "dst_ip")));
    }

    /** A transactions-dataset column of a row. */
    public static Object get(Row transaction, String column) {
        return transaction.getField(TransactionSchema.TRANSACTIONS.index(column));
    }

    /** A flows-dataset column of a row. */
    public static Object flowField(Row flow, String column) {
        return flow.getField(FlowSchema.FLOWS.index(column));
    }

    /**
     * The named transaction columns of a row, space-separated ("null" for empty ones): a compact line to compare
     * exact expectations with, e.g. {@code line(r, "method", "target", "status")} → "GET /a.txt 200".
     */
    public static String line(Row transaction, String... columns) {
        StringBuilder sb = new StringBuilder();
        for (String c : columns) {
            sb.append(sb.isEmpty() ? "" : " ").append(get(transaction, c));
        }
        return sb.toString();
    }

    /** Whether two IP literals name the same address ("2001:2::1" and "2001:2:0:0:0:0:0:1" do). */
    private static boolean same(String literal, Object column) {
        return column instanceof String s && InetAddress.ofLiteral(literal).equals(InetAddress.ofLiteral(s));
    }

    private static List<Row> select(List<Row> rows, Predicate<Row> p) {
        return rows.stream().filter(p).toList();
    }

    private static List<Row> drain(CloseableIterator<Row> it) {
        List<Row> rows = new ArrayList<>();
        it.forEachRemaining(rows::add);
        return rows;
    }
}
