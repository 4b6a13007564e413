package io.flowlens.sources.packet.enumerator;

import io.flowlens.sources.NodeName;
import io.flowlens.sources.packet.split.PacketSplit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live: one capture split per node, given to the first reader that registers from that host (its
 * {@link ReaderInfo#getLocation()}); further readers on the same host get none and finish, so a
 * packet is captured once per node however many slots the node has. Files: handed out one at a
 * time to readers that ask.
 */
public final class PacketSplitEnumerator implements SplitEnumerator<PacketSplit, PacketEnumeratorState> {
    private static final Logger LOG = LoggerFactory.getLogger(PacketSplitEnumerator.class);

    private final SplitEnumeratorContext<PacketSplit> context;
    private final boolean live;
    /** host -> subtask capturing it. */
    private final Map<String, Integer> hostOwners = new HashMap<>();
    private final Deque<PacketSplit> pendingFiles;

    public PacketSplitEnumerator(SplitEnumeratorContext<PacketSplit> context, boolean live, PacketEnumeratorState state) {
        this.context = context;
        this.live = live;
        this.pendingFiles = new ArrayDeque<>(state.pendingFiles());
    }

    @Override
    public void start() {}

    @Override
    public void addReader(int subtaskId) {
        if (!live) {
            return; // file readers ask for splits
        }
        ReaderInfo info = context.registeredReaders().get(subtaskId);
        String host = info == null ? null : info.getLocation();
        if (host == null) {
            LOG.warn("reader {} registered without a location; it gets no capture split", subtaskId);
            context.signalNoMoreSplits(subtaskId);
            return;
        }
        if (!capturedByAnother(host, subtaskId)) {
            hostOwners.put(host, subtaskId);
            LOG.info("capture split for host {} -> reader {}", NodeName.of(host), subtaskId);
            context.assignSplit(PacketSplit.live(host), subtaskId);
        } else {
            LOG.info("host {} is already captured by another reader; reader {} stays idle", NodeName.of(host), subtaskId);
        }
        context.signalNoMoreSplits(subtaskId);
    }

    /**
     * Whether another reader registered from {@code host} holds its split. The owner itself re-registering means it
     * failed and restarted; an owner no longer registered is gone; and an owner registered from another host came
     * back elsewhere after a restart (a lost TaskManager's subtasks restart on the survivors, with this same
     * enumerator): in all three cases the host is free for this reader.
     */
    private boolean capturedByAnother(String host, int subtaskId) {
        Integer owner = hostOwners.get(host);
        if (owner == null || owner == subtaskId) {
            return false;
        }
        ReaderInfo ownerInfo = context.registeredReaders().get(owner);
        return ownerInfo != null && host.equals(ownerInfo.getLocation());
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        PacketSplit next = pendingFiles.poll();
        if (next != null) {
            context.assignSplit(next, subtaskId);
        } else {
            context.signalNoMoreSplits(subtaskId);
        }
    }

    @Override
    public void addSplitsBack(List<PacketSplit> splits, int subtaskId) {
        for (PacketSplit s : splits) {
            if (s.kind() == PacketSplit.Kind.LIVE) {
                hostOwners.remove(s.target()); // reassigned when a reader on that host registers again
            } else {
                pendingFiles.addFirst(s);
            }
        }
    }

    @Override
    public PacketEnumeratorState snapshotState(long checkpointId) {
        return new PacketEnumeratorState(List.copyOf(pendingFiles));
    }

    @Override
    public void close() {}
}
