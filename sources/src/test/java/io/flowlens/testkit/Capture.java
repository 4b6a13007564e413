package io.flowlens.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A running dumpcap writing one interface's packets to a pcapng file; made by
 * {@link TsharkOracle#capture(String, String, Path, String)}.
 */
public final class Capture implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    // libpcap hands packets to dumpcap a buffer block at a time, at the latest after its read timeout (well under a
    // second); waiting this long before SIGINT means the last packets of the traffic are in the file.
    private static final Duration SETTLE = Duration.ofMillis(700);

    private final BackgroundProcess dumpcap;
    private final Path file;

    private Capture(BackgroundProcess dumpcap, Path file) {
        this.dumpcap = dumpcap;
        this.file = file;
    }

    static Capture start(String netnsOrNull, String iface, Path out, String captureFilter) {
        List<String> argv = new ArrayList<>();
        if (netnsOrNull != null) {
            argv.addAll(List.of("ip", "netns", "exec", netnsOrNull));
        }
        argv.addAll(List.of("dumpcap", "-q", "-i", iface, "-w", out.toString()));
        if (captureFilter != null && !captureFilter.isBlank()) {
            argv.addAll(List.of("-f", captureFilter));
        }
        BackgroundProcess dumpcap = BackgroundProcess.start(argv);
        if (netnsOrNull == null) {
            Cleanup.rootProcessStarted(ProcessHandle.of(dumpcap.pid()).orElseThrow());
        }
        // "Capturing on" comes once the interface is open, but before dumpcap installs its filter, and libpcap drops
        // what the socket queued until then (a whole first TCP connection went missing so in a CI run); "File:" comes
        // after the filter, when the output file is open, and from then on every packet is kept
        if (!dumpcap.awaitOutput("Capturing on", READY_TIMEOUT) || !dumpcap.awaitOutput("File: ", READY_TIMEOUT)) {
            String output = dumpcap.output();
            dumpcap.close();
            throw new IllegalStateException("dumpcap did not start capturing on " + iface + " within "
                    + READY_TIMEOUT + ": `" + String.join(" ", argv) + "` said: " + output.strip());
        }
        return new Capture(dumpcap, out);
    }

    /** The capture file (complete only after {@link #stop()}). */
    public Path file() {
        return file;
    }

    /**
     * Lets the last packets arrive, then ends dumpcap with SIGINT so that it flushes and closes the file.
     *
     * @return the capture file
     * @throws IllegalStateException if dumpcap does not end cleanly
     */
    public Path stop() {
        if (!dumpcap.isAlive()) {
            throw new IllegalStateException("dumpcap ended early: " + dumpcap.output().strip());
        }
        BackgroundProcess.sleep(SETTLE);
        dumpcap.signal("INT");
        var exit = dumpcap.awaitExit(STOP_TIMEOUT);
        String output = dumpcap.output();
        dumpcap.close();
        if (exit.isEmpty() || exit.getAsInt() != 0) {
            throw new IllegalStateException("dumpcap did not stop cleanly (exit " + exit + "): " + output.strip());
        }
        return file;
    }

    /** Kills dumpcap if {@link #stop()} was not called; the file may then be incomplete. */
    @Override
    public void close() {
        dumpcap.close();
    }
}
