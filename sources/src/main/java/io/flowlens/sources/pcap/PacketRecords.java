package io.flowlens.sources.pcap;

import java.io.IOException;

/** The packet records of one capture format, read in file order. */
interface PacketRecords {

    /** Largest captured length accepted per packet; anything larger is taken for corruption (snaplens are 256 KiB). */
    int MAX_CAPTURED_LENGTH = 256 * 1024;

    /**
     * Reads the next packet into {@code out}, or when {@code convert} is false only its metadata, skipping its bytes.
     * Returns false at a clean end of file.
     */
    boolean next(CapturedFrame out, boolean convert) throws IOException;
}
