package io.flowlens.sources.system.enumerator;

import java.util.Set;
import java.util.TreeSet;

/**
 * What the enumerator remembers across failures: the hosts it has sampled, so that after a restore
 * it can say which of them no reader came back for (a lost node). Assignments themselves are not
 * checkpointed, like the packet source's: every reader registers again and each host's split goes
 * to a reader that is really on that host now.
 */
public record SystemMetricsEnumeratorState(Set<String> sampledHosts) {
    public SystemMetricsEnumeratorState {
        sampledHosts = Set.copyOf(new TreeSet<>(sampledHosts));
    }
}
