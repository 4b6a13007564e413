package io.flowlens.job.bench;

import io.flowlens.job.flow.FlowSlice;
import io.flowlens.job.flow.FlowSlicer;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource.NumberSequenceSplit;
import org.apache.flink.core.io.InputStatus;

/**
 * Fills a ring-sized segment with the next batch of records and drains it through the slicer, as PacketSourceReader
 * does with the kernel's ring. Snapshots hold no progress: a benchmark run is never restored.
 */
final class SyntheticSliceReader implements SourceReader<FlowSlice, NumberSequenceSplit> {
    static final int BATCH = 65_536;

    private final SourceReaderContext context;
    private final SyntheticRecords records;
    private final FlowSlicer slicer;
    private final RingReplay replay = new RingReplay();
    private final MemorySegment ring = Arena.ofAuto().allocate(SyntheticRecords.bytes(BATCH), 8);
    private CompletableFuture<Void> available = new CompletableFuture<>();
    private long remaining;
    private boolean noMoreSplits;

    SyntheticSliceReader(SourceReaderContext context, SyntheticRecords records, FlowSlicer slicer) {
        this.context = context;
        this.records = records;
        this.slicer = slicer;
    }

    @Override
    public void start() {
        context.sendSplitRequest();
    }

    @Override
    public InputStatus pollNext(ReaderOutput<FlowSlice> output) {
        if (remaining > 0) {
            int n = (int) Math.min(BATCH, remaining);
            records.fill(ring, n);
            replay.drain(ring, n, slicer, output);
            remaining -= n;
            if (remaining == 0) {
                slicer.flush(output);
                context.sendSplitRequest();
            }
            return InputStatus.MORE_AVAILABLE;
        }
        if (noMoreSplits) {
            return InputStatus.END_OF_INPUT;
        }
        if (available.isDone()) {
            available = new CompletableFuture<>();
        }
        return InputStatus.NOTHING_AVAILABLE;
    }

    @Override
    public List<NumberSequenceSplit> snapshotState(long checkpointId) {
        return List.of();
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return available;
    }

    @Override
    public void addSplits(List<NumberSequenceSplit> splits) {
        for (NumberSequenceSplit s : splits) {
            remaining += s.to() - s.from() + 1;
        }
        available.complete(null);
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        available.complete(null);
    }

    @Override
    public void close() {}
}
