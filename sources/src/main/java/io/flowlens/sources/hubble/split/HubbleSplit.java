package io.flowlens.sources.hubble.split;

import java.util.Objects;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One Hubble stream: a relay (the whole cluster, a single split), a node's local socket (one split per node) or a
 * flows file (a single split), with how far it has been read.
 *
 * @param host the node a socket split must run on; "" for a relay or a file
 * @param position newest flow time handed on (Unix epoch ns; relay and socket) or the file offset after the last
 *                 line handed on (file); 0 at the start
 */
public record HubbleSplit(Kind kind, String target, String host, long position) implements SourceSplit {
    /** What the split reads. */
    public enum Kind { RELAY, SOCKET, FILE }

    public HubbleSplit {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(host, "host");
    }

    @Override
    public String splitId() {
        return "hubble:" + kind.name().toLowerCase() + ":" + (host.isEmpty() ? "" : host + ":") + target;
    }

    /** The same split, read up to a new position. */
    public HubbleSplit at(long newPosition) {
        return new HubbleSplit(kind, target, host, newPosition);
    }
}
