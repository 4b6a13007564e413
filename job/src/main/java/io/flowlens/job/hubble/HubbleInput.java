package io.flowlens.job.hubble;

import io.flowlens.sources.hubble.HubbleConnection;
import java.io.Serializable;

/**
 * Where a run reads Hubble flows: Hubble's Observer stream ({@code --hubble}) or a JSON-lines flows file
 * ({@code --hubble-file}), exactly one of them.
 */
public record HubbleInput(HubbleConnection connection, String file) implements Serializable {
    public HubbleInput {
        if ((connection == null) == (file == null)) {
            throw new IllegalArgumentException("read Hubble from an address or from a file, exactly one");
        }
    }

    public static HubbleInput stream(HubbleConnection c) {
        return new HubbleInput(c, null);
    }

    public static HubbleInput file(String path) {
        return new HubbleInput(null, path);
    }
}
