package io.flowlens.job;

import io.flowlens.job.hubble.HubbleInput;
import io.flowlens.job.label.Labeler;
import io.flowlens.job.sink.DatasetFormat;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A run's settings, checked by the command line before anything starts.
 *
 * @param interfaces live capture spec (name, list, glob, "all"), or null for a replay
 * @param pcaps capture files to replay (empty for live)
 * @param duration live capture length, or null to run until stopped
 * @param outputInterval how often rows are committed to the dataset (the checkpoint interval)
 * @param keepQuery keep HTTP query strings in transactions (they are redacted by default: they carry secrets)
 * @param hubble where to read Hubble flows to merge into the rows, or null for none
 * @param payloadCap payload bytes the kernel exports per L7 message start (1..256), or null for the configuration's
 *     {@code flowlens.capture.payload-cap} (256 unless config.yaml or {@code -D} says otherwise)
 */
public record RunOptions(String interfaces, List<Path> pcaps, Duration duration, Duration window,
                         Duration outputInterval, Labeler labeler, String output, DatasetFormat format,
                         int parallelism, boolean systemMetrics, boolean keepQuery, HubbleInput hubble,
                         Integer payloadCap) implements Serializable {
    public RunOptions {
        pcaps = List.copyOf(pcaps);
    }

    /** Without Hubble. */
    public RunOptions(String interfaces, List<Path> pcaps, Duration duration, Duration window, Duration outputInterval,
                      Labeler labeler, String output, DatasetFormat format, int parallelism, boolean systemMetrics,
                      boolean keepQuery) {
        this(interfaces, pcaps, duration, window, outputInterval, labeler, output, format, parallelism, systemMetrics,
                keepQuery, null, null);
    }

    /** Query strings redacted. */
    public RunOptions(String interfaces, List<Path> pcaps, Duration duration, Duration window, Duration outputInterval,
                      Labeler labeler, String output, DatasetFormat format, int parallelism, boolean systemMetrics) {
        this(interfaces, pcaps, duration, window, outputInterval, labeler, output, format, parallelism, systemMetrics, false);
    }

    /** The same run, merging Hubble flows from {@code h}. */
    public RunOptions withHubble(HubbleInput h) {
        return new RunOptions(interfaces, pcaps, duration, window, outputInterval, labeler, output, format, parallelism,
                systemMetrics, keepQuery, h, payloadCap);
    }

    public boolean replay() {
        return !pcaps.isEmpty();
    }
}
