package io.flowlens.job.status;

import io.flowlens.sources.packet.reader.CaptureTotals;
import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** A one-line live status on the terminal, rewritten every second: packets/s, rows written, drops. */
public final class StatusLine implements AutoCloseable {
    private final PrintStream out;
    private final ScheduledExecutorService timer;
    private final long startNs = System.nanoTime();
    private long lastRecords;
    private boolean closed;

    private StatusLine(PrintStream out) {
        this.out = out;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "flowlens-status");
            t.setDaemon(true);
            return t;
        });
    }

    public static StatusLine start(PrintStream out) {
        StatusLine s = new StatusLine(out);
        s.timer.scheduleAtFixedRate(s::print, 1, 1, TimeUnit.SECONDS);
        return s;
    }

    private synchronized void print() {
        if (closed) {
            return;
        }
        long records = CaptureTotals.RECORDS.sum();
        long rate = records - lastRecords;
        lastRecords = records;
        out.printf("\r%6.0fs  %,10d packets/s  %,12d packets  %,10d rows  %,d drops   ",
                (System.nanoTime() - startNs) / 1e9, rate, records, RunStatus.ROWS.sum(), CaptureTotals.DROPS.sum());
        out.flush();
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            timer.shutdownNow();
            out.println();
        }
    }
}
