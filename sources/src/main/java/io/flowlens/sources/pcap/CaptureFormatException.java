package io.flowlens.sources.pcap;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A capture file is truncated, corrupt or uses something this reader cannot convert. The message names the file, the
 * byte offset of the record or block at fault and what was wrong with it; every packet before that offset was already
 * returned by {@link CaptureFileReader#next(CapturedFrame)}.
 */
public final class CaptureFormatException extends IOException {

    private final Path file;
    private final long offset;

    /**
     * @param file    the capture file
     * @param offset  byte offset of the record, block or header at fault
     * @param problem what is at that offset, e.g. "truncated packet record"
     * @param detail  why it is wrong, e.g. "header says 1514 captured bytes, 700 remain"; may be null
     */
    public CaptureFormatException(Path file, long offset, String problem, String detail) {
        super(file + ": " + problem + " at byte offset " + offset + (detail == null ? "" : ": " + detail));
        this.file = file;
        this.offset = offset;
    }

    /** Byte offset in {@link #file()} of the record, block or header at fault. */
    public long offset() {
        return offset;
    }

    /** The capture file. */
    public Path file() {
        return file;
    }
}
