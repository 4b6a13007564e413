package io.flowlens.job;

import io.flowlens.job.flow.FlowSlice;
import io.flowlens.job.flow.FlowSlicerFactory;
import io.flowlens.job.flow.FlowSlicerSettings;
import io.flowlens.job.schema.FlowSchema;
import io.flowlens.job.sink.DatasetRowTypes;
import io.flowlens.job.status.RunStatus;
import io.flowlens.job.window.FlowWindowFunction;
import io.flowlens.job.system.SystemMetricsJoin;
import io.flowlens.job.window.SliceMerger;
import io.flowlens.sources.packet.PacketSource;
import io.flowlens.sources.packet.PacketSourceBuilder;
import io.flowlens.sources.system.SystemMetrics;
import io.flowlens.sources.system.SystemMetricsSource;
import io.flowlens.sources.system.SystemMetricsSourceBuilder;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.types.Row;

/**
 * The flow features job graph: packet source (with per-flow slicing in the reader) → keyBy(flow) → event-time
 * tumbling windows merging slices → one row per flow per window → (live) joined with the node's system metrics.
 */
public final class FlowPipeline {
    private FlowPipeline() {}

    /** Rows of the flows dataset for the run's packets. */
    public static DataStream<Row> flows(StreamExecutionEnvironment env, RunOptions o) {
        long windowMs = o.window().toMillis();
        FlowSlicerSettings slicing = o.replay() ? FlowSlicerSettings.replay(windowMs) : FlowSlicerSettings.live(windowMs);
        PacketSourceBuilder<FlowSlice> b = PacketSource.builder(new FlowSlicerFactory(slicing));
        if (o.replay()) {
            b.files(o.pcaps());
        } else {
            b.interfaces(o.interfaces());
            if (o.duration() != null) {
                b.duration(o.duration());
            }
        }
        // timestamps come with the slices; watermarks from the slicer itself (live) or from the end of input (replay)
        DataStream<FlowSlice> slices = env.fromSource(b.build(), WatermarkStrategy.noWatermarks(), "packets")
                .uid("packets");
        return rows(env, slices, o);
    }

    /** Rows of the flows dataset from the reader's slices (benchmarks feed their own slices here). */
    public static DataStream<Row> rows(StreamExecutionEnvironment env, DataStream<FlowSlice> slices, RunOptions o) {
        long windowMs = o.window().toMillis();
        TypeInformation<Row> rowType = DatasetRowTypes.of(FlowSchema.FLOWS);
        DataStream<Row> rows = slices.keyBy(s -> s.flowId)
                .window(TumblingEventTimeWindows.of(Duration.ofMillis(windowMs)))
                .aggregate(new SliceMerger(), new FlowWindowFunction(o.labeler()))
                .returns(rowType)
                .uid("flow-windows").name("flow windows");
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
            b.endAt(Instant.now().plus(o.duration()).plus(o.window()));
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
