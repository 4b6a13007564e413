package io.flowlens.job.l7;

import java.util.function.Consumer;

/**
 * One flow's conversation in one L7 protocol: it takes the flow's message starts in capture order (both
 * directions) and emits each exchange once it is complete. State is bounded (a few outstanding requests, no bodies)
 * and a session never throws on bad input: what it cannot parse it skips, resynchronising at the next message
 * start, and counts in {@link #malformed()}.
 */
public interface L7Session {
    void onSegment(L7Segment segment, Consumer<Transaction> out);

    /** The flow ended or went idle: requests still waiting leave without a response. */
    void close(Consumer<Transaction> out);

    /** Segments that could not be parsed. */
    long malformed();
}
