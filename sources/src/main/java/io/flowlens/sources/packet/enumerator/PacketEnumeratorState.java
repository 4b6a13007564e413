package io.flowlens.sources.packet.enumerator;

import io.flowlens.sources.packet.split.PacketSplit;
import java.util.List;

/**
 * What the enumerator remembers across failures: file splits not yet handed out. Live assignments
 * are not checkpointed on purpose: after a restore every reader registers again and each host's
 * split is handed out afresh, to a reader that is really on that host now.
 */
public record PacketEnumeratorState(List<PacketSplit> pendingFiles) {
    public PacketEnumeratorState {
        pendingFiles = List.copyOf(pendingFiles);
    }
}
