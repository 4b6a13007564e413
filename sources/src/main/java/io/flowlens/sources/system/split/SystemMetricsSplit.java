package io.flowlens.sources.system.split;

import java.util.Objects;
import org.apache.flink.api.connector.source.SourceSplit;

/** Sampling of one node (exactly one split per node), named by its Flink host name. */
public final class SystemMetricsSplit implements SourceSplit {
    private final String host;

    public SystemMetricsSplit(String host) {
        this.host = Objects.requireNonNull(host, "host");
    }

    public String host() {
        return host;
    }

    @Override
    public String splitId() {
        return "system:" + host;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SystemMetricsSplit s && s.host.equals(host);
    }

    @Override
    public int hashCode() {
        return host.hashCode();
    }

    @Override
    public String toString() {
        return splitId();
    }
}
