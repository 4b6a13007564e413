package io.flowlens.sources.hubble.enumerator;

import java.util.Set;
import java.util.TreeSet;

/**
 * What the enumerator remembers across failures: the ids of the splits it handed out. Their progress lives in the
 * readers' checkpoints, which give them back to their readers on a restore, so the enumerator must not hand them out
 * again.
 */
public record HubbleEnumeratorState(Set<String> assignedSplitIds) {
    public HubbleEnumeratorState {
        assignedSplitIds = Set.copyOf(new TreeSet<>(assignedSplitIds));
    }
}
