package io.flowlens.testkit;

/**
 * What {@code ping} reported.
 *
 * @param transmitted echo requests sent
 * @param received echo replies received
 * @param output ping's full output, for assertion messages
 */
public record PingResult(int transmitted, int received, String output) {

    /** Lost requests in percent (100 when nothing was sent). */
    public double lossPercent() {
        return transmitted == 0 ? 100.0 : 100.0 * (transmitted - received) / transmitted;
    }
}
