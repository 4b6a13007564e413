package io.flowlens.sources.packet.reader;

import java.util.concurrent.atomic.LongAdder;

/**
 * Packet records read and ring-buffer drops of every reader in this JVM, for an embedded run's status line (a
 * cluster run reads the same from each reader's Flink metrics).
 */
public final class CaptureTotals {
    public static final LongAdder RECORDS = new LongAdder();
    public static final LongAdder DROPS = new LongAdder();

    private CaptureTotals() {}
}
