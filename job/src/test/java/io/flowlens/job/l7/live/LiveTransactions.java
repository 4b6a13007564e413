package io.flowlens.job.l7.live;

import io.flowlens.job.FlowPipeline;
import io.flowlens.job.RunOptions;
import io.flowlens.job.label.Labeler;
import io.flowlens.job.schema.TransactionSchema;
import io.flowlens.job.sink.DatasetFormat;
import io.flowlens.testkit.Capture;
import io.flowlens.testkit.TcPrograms;
import io.flowlens.testkit.TsharkOracle;
import io.flowlens.testkit.VethPair;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/**
 * A bounded live run of the real pipeline's transactions stream ({@link FlowPipeline#build}) on the host end of a
 * veth, with dumpcap capturing the same interface for tshark. The traffic starts once the TC programs are attached,
 * in its own thread, and must end well inside the capture's duration.
 *
 * @param transactions every transactions row of the run
 * @param pcap dumpcap's file of the same interface
 */
public record LiveTransactions(List<Row> transactions, Path pcap) {
    /** Traffic sent after the attach; its failures fail the run. */
    public interface Traffic {
        void send() throws Exception;
    }

    private static final Duration ATTACH_TIMEOUT = Duration.ofSeconds(90);

    public static LiveTransactions of(VethPair link, Duration duration, Path dir, Traffic traffic) throws Exception {
        String iface = link.host().name();
        RunOptions o = new RunOptions(iface, List.of(), duration, Duration.ofSeconds(2), Duration.ofSeconds(1),
                Labeler.constant(0), dir.resolve("unused").toString(), DatasetFormat.BOTH, 2, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        Path pcap = dir.resolve(iface + ".pcapng");
        List<Row> rows = new ArrayList<>();
        ExecutorService sender = Executors.newSingleThreadExecutor();
        try (Capture dumpcap = TsharkOracle.capture(null, iface, pcap, null);
                CloseableIterator<Row> it = FlowPipeline.build(env, o).transactions().executeAndCollect("live L7 " + iface)) {
            TcPrograms.awaitTcxLink(link.host().ifindex(), ATTACH_TIMEOUT);
            Future<?> sent = sender.submit(() -> {
                traffic.send();
                return null;
            });
            while (it.hasNext()) { // ends with the job: the capture is bounded by its duration
                rows.add(it.next());
            }
            sent.get(1, TimeUnit.MINUTES);
            dumpcap.stop();
        } finally {
            sender.shutdownNow();
        }
        return new LiveTransactions(rows, pcap);
    }

    /** The Flink cluster a test class registers for its runs: one TaskManager with two slots (parallelism 2). */
    public static MiniClusterExtension miniCluster() {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());
    }

    /** A column of a transactions row. */
    public static Object field(Row r, String column) {
        return r.getField(TransactionSchema.TRANSACTIONS.index(column));
    }
}
