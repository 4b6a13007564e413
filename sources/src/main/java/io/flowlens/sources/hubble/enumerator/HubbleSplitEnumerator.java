package io.flowlens.sources.hubble.enumerator;

import io.flowlens.sources.hubble.split.HubbleSplit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out Hubble splits. A relay or a file is one split, for the first reader that registers. A node's local
 * socket is one split per node: a host's split goes to the first reader that registers from it (its
 * {@link ReaderInfo#getLocation()}), so each node's Hubble is read once however many slots it has. Every other reader
 * gets no split and finishes.
 */
public final class HubbleSplitEnumerator implements SplitEnumerator<HubbleSplit, HubbleEnumeratorState> {
    private static final Logger LOG = LoggerFactory.getLogger(HubbleSplitEnumerator.class);

    private final SplitEnumeratorContext<HubbleSplit> context;
    private final HubbleSplit.Kind kind;
    private final String target;
    private final Set<String> assigned;
    /** Splits given back by a failed reader, for the next reader that registers. */
    private final Deque<HubbleSplit> returned = new ArrayDeque<>();

    public HubbleSplitEnumerator(SplitEnumeratorContext<HubbleSplit> context, HubbleSplit.Kind kind, String target,
                                 HubbleEnumeratorState state) {
        this.context = context;
        this.kind = kind;
        this.target = target;
        this.assigned = new HashSet<>(state.assignedSplitIds());
    }

    @Override
    public void start() {}

    @Override
    public void addReader(int subtaskId) {
        HubbleSplit split = returned.pollFirst();
        if (split == null) {
            split = kind == HubbleSplit.Kind.SOCKET ? nodeSplit(subtaskId) : new HubbleSplit(kind, target, "", 0);
        }
        if (split != null && assigned.add(split.splitId())) {
            LOG.info("{} -> reader {}", split.splitId(), subtaskId);
            context.assignSplit(split, subtaskId);
        }
        context.signalNoMoreSplits(subtaskId);
    }

    private HubbleSplit nodeSplit(int subtaskId) {
        ReaderInfo info = context.registeredReaders().get(subtaskId);
        String host = info == null ? null : info.getLocation();
        if (host == null) {
            LOG.warn("reader {} registered without a location; it reads no node's Hubble socket", subtaskId);
            return null;
        }
        return new HubbleSplit(HubbleSplit.Kind.SOCKET, target, host, 0);
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {}

    @Override
    public void addSplitsBack(List<HubbleSplit> splits, int subtaskId) {
        for (HubbleSplit s : splits) {
            assigned.remove(s.splitId()); // handed out again to the next reader that registers
            if (kind != HubbleSplit.Kind.SOCKET) {
                returned.addLast(s);
            }
        }
    }

    @Override
    public HubbleEnumeratorState snapshotState(long checkpointId) {
        return new HubbleEnumeratorState(assigned);
    }

    @Override
    public void close() {}
}
