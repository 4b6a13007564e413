package io.flowlens.sources.system.enumerator;

import io.flowlens.sources.NodeName;
import io.flowlens.sources.system.split.SystemMetricsSplit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One split per node: a host's split goes to the first reader that registers from it (its
 * {@link ReaderInfo#getLocation()}), so each node is sampled once however many slots it has;
 * the other readers there get none and finish.
 */
public final class SystemMetricsSplitEnumerator implements SplitEnumerator<SystemMetricsSplit, SystemMetricsEnumeratorState> {
    private static final Logger LOG = LoggerFactory.getLogger(SystemMetricsSplitEnumerator.class);

    private final SplitEnumeratorContext<SystemMetricsSplit> context;
    /** host -> subtask sampling it. */
    private final Map<String, Integer> samplers = new HashMap<>();
    private final Set<String> sampledHosts;
    /** Hosts sampled before a restore that no reader has come back for yet. */
    private final Set<String> awaited;

    public SystemMetricsSplitEnumerator(SplitEnumeratorContext<SystemMetricsSplit> context, SystemMetricsEnumeratorState state) {
        this.context = context;
        this.sampledHosts = new HashSet<>(state.sampledHosts());
        this.awaited = new TreeSet<>(state.sampledHosts());
    }

    @Override
    public void start() {}

    @Override
    public void addReader(int subtaskId) {
        ReaderInfo info = context.registeredReaders().get(subtaskId);
        String host = info == null ? null : info.getLocation();
        if (host == null) {
            LOG.warn("reader {} registered without a location; it samples no node", subtaskId);
        } else {
            Integer sampler = samplers.get(host);
            // a sampler registering again has restarted; one no longer registered is gone: this reader takes over
            if (sampler == null || sampler == subtaskId || !context.registeredReaders().containsKey(sampler)) {
                samplers.put(host, subtaskId);
                sampledHosts.add(host);
                awaited.remove(host);
                LOG.info("system metrics of host {} -> reader {}", NodeName.of(host), subtaskId);
                context.assignSplit(new SystemMetricsSplit(host), subtaskId);
            }
        }
        context.signalNoMoreSplits(subtaskId);
        if (!awaited.isEmpty() && context.registeredReaders().size() == context.currentParallelism()) {
            LOG.warn("no reader came back on hosts {} sampled before the restore: their system metrics stop", awaited);
            awaited.clear();
        }
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {}

    @Override
    public void addSplitsBack(List<SystemMetricsSplit> splits, int subtaskId) {
        for (SystemMetricsSplit s : splits) {
            samplers.remove(s.host()); // handed out again when a reader on that host registers
        }
    }

    @Override
    public SystemMetricsEnumeratorState snapshotState(long checkpointId) {
        return new SystemMetricsEnumeratorState(sampledHosts);
    }

    @Override
    public void close() {}
}
