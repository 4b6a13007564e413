package io.flowlens.job.flow;

import java.io.Serializable;

/**
 * How the reader slices flows.
 *
 * @param windowMs the window grid (the --window option)
 * @param latenessMs how long after a window's end its slices wait for records still in flight (live: other CPUs'
 *     records queued in the ring)
 * @param idleTimeoutMs a flow without packets this long is over (120 s, like nf_conntrack)
 * @param closeGraceMs after RST, or FIN both ways, the connection lingers this long for its last ACKs
 * @param watermarks live: emit a watermark after each flushed window, so windows fire as time passes. A replay
 *     emits none: capture files may come in any order, and its windows all fire at the end of input.
 */
public record FlowSlicerSettings(long windowMs, long latenessMs, long idleTimeoutMs, long closeGraceMs, boolean watermarks)
        implements Serializable {
    public static FlowSlicerSettings live(long windowMs) {
        return new FlowSlicerSettings(windowMs, 1_000, 120_000, 2_000, true);
    }

    public static FlowSlicerSettings replay(long windowMs) {
        return new FlowSlicerSettings(windowMs, 1_000, 120_000, 2_000, false);
    }

    public FlowSlicerSettings {
        if (windowMs < 1) {
            throw new IllegalArgumentException("the window must be at least 1 ms, got " + windowMs);
        }
        if (latenessMs < 0 || idleTimeoutMs < 1 || closeGraceMs < 0) {
            throw new IllegalArgumentException("lateness, idle timeout and close grace must not be negative");
        }
    }
}
