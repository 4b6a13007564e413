package io.flowlens.job.hubble;

import io.flowlens.job.RunOptions;
import io.flowlens.sources.hubble.HubbleFlow;
import io.flowlens.sources.hubble.HubbleSource;
import io.flowlens.sources.hubble.HubbleSourceBuilder;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/**
 * The Hubble branch of the job: {@link HubbleSource} → flows keyed by flowlens's flow_id → one {@link HubbleSummary}
 * per flow and window → joined into the flow rows by flow_id and window ({@link HubbleJoin}).
 */
public final class HubbleMerge {
    /** A relay merges its nodes' flows in a sort buffer; flows later than this are dropped by the windows. */
    static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(2);
    /** A Hubble that sends nothing this long (outage, quiet cluster) no longer holds the rows back. */
    static final Duration IDLE_AFTER = Duration.ofSeconds(10);

    private HubbleMerge() {}

    /** The rows with their Hubble columns filled where Hubble reported the flow in the window. */
    public static DataStream<Row> merge(StreamExecutionEnvironment env, DataStream<Row> rows, RunOptions o,
                                        TypeInformation<Row> rowType) {
        long windowMs = o.window().toMillis();
        HubbleSourceBuilder b = HubbleSource.builder();
        HubbleInput h = o.hubble();
        if (h.file() != null) {
            b.file(Path.of(h.file()), !o.replay()); // a replay reads the file to its end; a live run follows it
        } else {
            b.connection(h.connection());
        }
        if (!o.replay() && o.duration() != null) {
            // as the system metrics: counted from the reader's start, two windows more than the capture's duration
            b.duration(o.duration().plus(o.window()).plus(o.window()));
        }
        WatermarkStrategy<HubbleFlow> watermarks = WatermarkStrategy.<HubbleFlow>forBoundedOutOfOrderness(OUT_OF_ORDERNESS)
                .withTimestampAssigner((f, ts) -> f.timeMillis());
        if (!o.replay()) {
            watermarks = watermarks.withIdleness(IDLE_AFTER);
        }
        DataStream<Tuple2<String, HubbleFlow>> keyed = env.fromSource(b.build(), watermarks, "hubble").uid("hubble")
                .flatMap(new KeyByFlow()).returns(Types.TUPLE(Types.STRING, TypeInformation.of(HubbleFlow.class)))
                .uid("hubble-flow-ids").name("Hubble flow ids");
        DataStream<HubbleSummary> summaries = keyed.keyBy(t -> t.f0)
                .window(TumblingEventTimeWindows.of(Duration.ofMillis(windowMs)))
                .aggregate(new HubbleSummaryAggregate(), new HubbleSummaryWindow())
                .uid("hubble-summaries").name("Hubble per flow window");
        return rows.keyBy(HubbleJoin::rowKey).connect(summaries.keyBy(HubbleJoin::summaryKey))
                .process(new HubbleJoin(windowMs, windowMs, rowType, o.keepQuery())).returns(rowType)
                .uid("hubble-join").name("join Hubble columns");
    }

    /** Puts each Hubble flow on flowlens's flow grid (its flow_id); flows whose addresses are not IPs are dropped. */
    static final class KeyByFlow implements FlatMapFunction<HubbleFlow, Tuple2<String, HubbleFlow>> {
        @Override
        public void flatMap(HubbleFlow f, Collector<Tuple2<String, HubbleFlow>> out) {
            String id = HubbleKeys.normalizeAndKey(f);
            if (id != null) {
                out.collect(Tuple2.of(id, f));
            }
        }
    }
}
