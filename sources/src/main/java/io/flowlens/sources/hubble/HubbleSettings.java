package io.flowlens.sources.hubble;

import java.io.Serializable;

/**
 * A {@link HubbleSource}'s checked settings, as its readers use them.
 *
 * @param connection the gRPC endpoint (null when reading a file)
 * @param file the flows file (null when reading gRPC)
 * @param followFile follow the file as it grows and rotates; false: read it to its end and finish
 * @param durationMillis a live run's length from when a reader starts (Long.MAX_VALUE: until stopped)
 */
public record HubbleSettings(HubbleConnection connection, String file, boolean followFile, long durationMillis,
                             long backoffInitialMillis, long backoffMaxMillis, long resumeOverlapMillis,
                             long filePollMillis, long statusIntervalMillis, int queueCapacity) implements Serializable {
    /** What the source reads, for logs. */
    public String name() {
        return connection != null ? connection.toString() : file;
    }
}
