package io.flowlens.job.features;

import io.flowlens.job.FlowPipeline;
import io.flowlens.job.RunOptions;
import io.flowlens.job.label.Labeler;
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
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/**
 * A bounded live run of the flows pipeline on the host end of a veth, with dumpcap capturing the same interface.
 * The traffic starts once the TC programs are attached and runs in its own thread while the rows are read, so rows
 * that windows emit during the capture arrive during it.
 *
 * @param rows every row of the run
 * @param rowsBeforeCaptureEnd how many rows arrived at least a second before the capture's duration was over
 * @param pcap dumpcap's file of the same interface
 */
record LiveRun(List<Row> rows, int rowsBeforeCaptureEnd, Path pcap) {
    /** Traffic sent after the attach; its failures fail the run. */
    interface Traffic {
        /** @param captureEndNanos {@link System#nanoTime()} at which the capture ends, a little early rather than late */
        void send(long captureEndNanos) throws Exception;
    }

    static LiveRun of(VethPair link, Duration duration, Duration window, boolean systemMetrics, Path dir,
                      Traffic traffic) throws Exception {
        String iface = link.host().name();
        RunOptions o = new RunOptions(iface, List.of(), duration, window, Duration.ofSeconds(1), Labeler.constant(0),
                dir.resolve("unused").toString(), DatasetFormat.BOTH, 2, systemMetrics);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        Path pcap = dir.resolve(iface + ".pcapng");
        List<Row> rows = new ArrayList<>();
        int early = 0;
        ExecutorService sender = Executors.newSingleThreadExecutor();
        long submitted = System.nanoTime();
        try (Capture dumpcap = TsharkOracle.capture(null, iface, pcap, null);
                CloseableIterator<Row> it = FlowPipeline.flows(env, o).executeAndCollect("live " + iface)) {
            long end = TcPrograms.awaitTcxLinkSince(link.host().ifindex(), submitted, Duration.ofSeconds(90))
                    + duration.toNanos();
            Future<?> sent = sender.submit(() -> {
                traffic.send(end);
                return null;
            });
            // a second early, so rows of the final flush (which come just after the deadline) never count
            long captureEnd = end - Duration.ofSeconds(1).toNanos();
            while (it.hasNext()) { // ends with the job: the capture is bounded by its duration
                rows.add(it.next());
                early += System.nanoTime() < captureEnd ? 1 : 0;
            }
            sent.get(1, TimeUnit.MINUTES);
            dumpcap.stop();
        } finally {
            sender.shutdownNow();
        }
        return new LiveRun(rows, early, pcap);
    }
}
