package io.flowlens.job;

import io.flowlens.job.flow.CaptureRecord;
import io.flowlens.job.flow.FlowSlice;
import io.flowlens.job.flow.FlowSlicerFactory;
import io.flowlens.job.flow.FlowSlicerSettings;
import io.flowlens.job.flow.SplitCaptureRecords;
import io.flowlens.job.hubble.HubbleMerge;
import io.flowlens.job.l7.SegmentEvent;
import io.flowlens.job.l7.TransactionProcess;
import io.flowlens.job.schema.FlowSchema;
import io.flowlens.job.schema.TransactionSchema;
import io.flowlens.job.sink.DatasetRowTypes;
import io.flowlens.job.status.RunStatus;
import io.flowlens.job.window.FlowWindowAggregate;
import io.flowlens.job.window.FlowWindowFunction;
import io.flowlens.job.system.SystemMetricsJoin;
import io.flowlens.sources.packet.PacketSource;
import io.flowlens.sources.packet.PacketSourceBuilder;
import io.flowlens.sources.packet.PacketSourceOptions;
import io.flowlens.sources.system.SystemMetrics;
import io.flowlens.sources.system.SystemMetricsSource;
import io.flowlens.sources.system.SystemMetricsSourceBuilder;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.types.Either;
import org.apache.flink.types.Row;

/**
 * The flow features job graph: packet source (with per-flow slicing in the reader) → keyBy(flow) → event-time
 * tumbling windows merging each flow's slices and summarising its transactions → one row per flow per window, with
 * its L7 columns → (with Hubble) Kubernetes context, verdicts and Hubble's L7 records → (live) the node's system
 * metrics. L7 message starts go from the reader to per-flow sessions → transactions.
 */
public final class FlowPipeline {
    private FlowPipeline() {}

    /** The datasets a run writes. */
    public record Datasets(DataStream<Row> flows, DataStream<Row> transactions) {}

    /** Rows of the flows dataset for the run's packets. */
    public static DataStream<Row> flows(StreamExecutionEnvironment env, RunOptions o) {
        return build(env, o).flows();
    }

    /** Both datasets for the run's packets. */
    public static Datasets build(StreamExecutionEnvironment env, RunOptions o) {
        long windowMs = o.window().toMillis();
        FlowSlicerSettings slicing = o.replay() ? FlowSlicerSettings.replay(windowMs) : FlowSlicerSettings.live(windowMs);
        PacketSourceBuilder<CaptureRecord> b = PacketSource.builder(new FlowSlicerFactory(slicing))
                .configuration(captureConfiguration(env, o));
        if (o.replay()) {
            b.files(o.pcaps());
        } else {
            b.interfaces(o.interfaces());
            if (o.duration() != null) {
                b.duration(o.duration());
            }
        }
        // timestamps come with the records; watermarks from the slicer itself (live) or from the end of input (replay)
        SingleOutputStreamOperator<FlowSlice> slices = env
                .fromSource(b.build(), WatermarkStrategy.noWatermarks(), "packets").uid("packets")
                .process(new SplitCaptureRecords()).uid("split-records").name("split slices and L7");
        DataStream<SegmentEvent> segments = slices.getSideOutput(SplitCaptureRecords.SEGMENTS);

        TypeInformation<Row> transactionType = DatasetRowTypes.of(TransactionSchema.TRANSACTIONS);
        DataStream<Row> transactions = segments.keyBy(e -> e.flowId)
                .process(new TransactionProcess(slicing.idleTimeoutMs(), o.keepQuery(), o.labeler()))
                .returns(transactionType).uid("l7-transactions").name("L7 transactions");
        return new Datasets(rows(env, slices, transactions, o), transactions);
    }

    /**
     * The capture's settings: {@code flowlens.capture.*} from Flink's configuration (config.yaml, {@code -D} on
     * {@code flink run}), with what the command line gave on top.
     */
    private static Configuration captureConfiguration(StreamExecutionEnvironment env, RunOptions o) {
        Configuration c = Configuration.fromMap(env.getConfiguration().toMap());
        if (o.payloadCap() != null) {
            c.set(PacketSourceOptions.PAYLOAD_CAP, o.payloadCap());
        }
        return c;
    }

    /** Rows of the flows dataset from slices without L7 (benchmarks feed their own slices here). */
    public static DataStream<Row> rows(StreamExecutionEnvironment env, DataStream<FlowSlice> slices, RunOptions o) {
        return rows(env, slices, null, o);
    }

    /**
     * Rows of the flows dataset from the reader's slices, their L7 columns from the flows' transactions (null: none).
     * Slices and transactions meet in one keyed window per flow: both are keyed by flow_id on the same window grid.
     */
    public static DataStream<Row> rows(StreamExecutionEnvironment env, DataStream<FlowSlice> slices,
                                       DataStream<Row> transactions, RunOptions o) {
        long windowMs = o.window().toMillis();
        TypeInformation<Row> rowType = DatasetRowTypes.of(FlowSchema.FLOWS);
        TypeInformation<Either<FlowSlice, Row>> inputType = new EitherTypeInfo<>(
                TypeInformation.of(FlowSlice.class), DatasetRowTypes.of(TransactionSchema.TRANSACTIONS));
        // each map runs at its input's parallelism, so it chains to it instead of adding a network hop
        DataStream<Either<FlowSlice, Row>> input = slices.map(Either::<FlowSlice, Row>Left).returns(inputType)
                .setParallelism(slices.getParallelism()).name("slices");
        if (transactions != null) {
            input = input.union(transactions.map(Either::<FlowSlice, Row>Right).returns(inputType)
                    .setParallelism(transactions.getParallelism()).name("transactions"));
        }
        int flowIdColumn = TransactionSchema.TRANSACTIONS.index("flow_id");
        DataStream<Row> rows = input
                .keyBy(e -> e.isLeft() ? e.left().flowId : (String) e.right().getField(flowIdColumn))
                .window(TumblingEventTimeWindows.of(Duration.ofMillis(windowMs)))
                .aggregate(new FlowWindowAggregate(), new FlowWindowFunction(o.labeler()))
                .returns(rowType)
                .uid("flow-l7-windows").name("flow windows");
        if (o.hubble() != null) {
            rows = HubbleMerge.merge(env, rows, o, rowType);
        }
        if (o.systemMetrics() && !o.replay()) {
            rows = withSystemMetrics(env, rows, o, rowType);
        }
        return rows.map(RunStatus.countRows("flows")).returns(rowType).uid("flow-rows").name("count rows");
    }

    /** Joins each row to its node's CPU, memory, disk and OOM metrics of the same window (live runs only). */
    private static DataStream<Row> withSystemMetrics(StreamExecutionEnvironment env, DataStream<Row> rows, RunOptions o,
                                                     TypeInformation<Row> rowType) {
        long windowMs = o.window().toMillis();
        SystemMetricsSourceBuilder b = SystemMetricsSource.builder().window(o.window());
        if (o.duration() != null) {
            // from when sampling starts, not from now: the capture's duration runs from its attach, which comes
            // after the job's start-up. Two windows more cover the capture's last window and its later attach.
            b.duration(o.duration().plus(o.window()).plus(o.window()));
        }
        DataStream<SystemMetrics> metrics = env.fromSource(b.build(),
                WatermarkStrategy.<SystemMetrics>forMonotonousTimestamps(), "system metrics").uid("system-metrics");
        return rows.keyBy(SystemMetricsJoin::rowKey)
                .connect(metrics.keyBy(SystemMetricsJoin::metricsKey))
                .process(new SystemMetricsJoin(windowMs, windowMs, rowType))
                .returns(rowType)
                .uid("system-join").name("join system metrics");
    }
}
