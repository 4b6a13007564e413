package io.flowlens.job.flow;

import io.flowlens.job.l7.SegmentEvent;

/** What the source reader emits: a flow slice, or an L7 message start (exactly one is set). A Flink POJO. */
public class CaptureRecord {
    public FlowSlice slice;
    public SegmentEvent segment;

    public CaptureRecord() {}

    static CaptureRecord of(FlowSlice s) {
        CaptureRecord r = new CaptureRecord();
        r.slice = s;
        return r;
    }

    static CaptureRecord of(SegmentEvent s) {
        CaptureRecord r = new CaptureRecord();
        r.segment = s;
        return r;
    }
}
