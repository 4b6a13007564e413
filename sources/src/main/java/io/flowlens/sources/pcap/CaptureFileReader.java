package io.flowlens.sources.pcap;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads the packets of a pcap or pcapng capture file, in file order, as Ethernet frames: packets of other link types
 * (Linux cooked, BSD loopback, raw IP) get a synthesized 14-byte Ethernet header of zero MACs and the ethertype of
 * their network layer, so that every packet can be replayed through a TC program with BPF_PROG_TEST_RUN.
 *
 * <p>The file is streamed through a fixed buffer and packets are read into a caller-owned {@link CapturedFrame}, so
 * reading allocates nothing per packet. Not thread-safe.
 *
 * <pre>{@code
 * try (var reader = CaptureFileReader.open(path)) {
 *     var frame = new CapturedFrame();
 *     while (reader.next(frame)) {
 *         replay(frame.buffer(), frame.frameLength(), frame.timestampNanos());
 *     }
 * }
 * }</pre>
 */
public final class CaptureFileReader implements AutoCloseable {

    private final Path file;
    private final ChannelInput in;
    private final PacketRecords records;
    private CapturedFrame skipped; // metadata of skipped packets; created on first skip
    private long packetsRead;

    private CaptureFileReader(Path file, ChannelInput in, PacketRecords records) {
        this.file = file;
        this.in = in;
        this.records = records;
    }

    /**
     * Opens a capture file, telling pcap (either byte order, micro- or nanosecond timestamps) from pcapng by its
     * first four bytes, and reads its file or first section header.
     *
     * @throws CaptureFormatException if the file is empty, is neither pcap nor pcapng, has a corrupt header or (pcap)
     *                                a link type that cannot be converted to Ethernet
     * @throws IOException            if the file cannot be read
     */
    public static CaptureFileReader open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            ChannelInput in = new ChannelInput(channel);
            int available = in.fill(4);
            if (available == 0) {
                throw new CaptureFormatException(file, 0, "empty file", "a pcap or pcapng capture starts with a"
                        + " 4-byte magic number");
            }
            if (available < 4) {
                throw new CaptureFormatException(file, 0, "file too short for a capture file",
                        "only " + available + " bytes, a pcap or pcapng capture starts with a 4-byte magic number");
            }
            int magic = in.peekIntBigEndian(0);
            PacketRecords records;
            if (magic == PcapngFormat.SECTION_HEADER) {
                records = PcapngFormat.open(file, in);
            } else if (PcapFormat.isMagic(magic)) {
                records = PcapFormat.open(file, in);
            } else {
                throw new CaptureFormatException(file, 0, "not a pcap or pcapng file", String.format(
                        "magic bytes are %02X %02X %02X %02X; pcap starts with A1 B2 C3 D4 or A1 B2 3C 4D (either"
                                + " byte order), pcapng with 0A 0D 0D 0A",
                        magic >>> 24, (magic >>> 16) & 0xFF, (magic >>> 8) & 0xFF, magic & 0xFF));
            }
            return new CaptureFileReader(file, in, records);
        } catch (IOException | RuntimeException e) {
            try {
                channel.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Reads the next packet into {@code out}, replacing what it held.
     *
     * @return false at a clean end of the file
     * @throws CaptureFormatException on truncation or corruption, or a packet that cannot be converted to Ethernet;
     *                                every packet before it was already returned
     */
    public boolean next(CapturedFrame out) throws IOException {
        if (!records.next(out, true)) {
            return false;
        }
        packetsRead++;
        return true;
    }

    /** Packets returned by {@link #next} or passed over by {@link #skip} so far. */
    public long packetsRead() {
        return packetsRead;
    }

    /**
     * Passes over the next {@code packets} packets without converting them, e.g. to resume after a checkpoint that
     * recorded {@link #packetsRead()}.
     *
     * @throws CaptureFormatException if the file ends before that many packets, or is corrupt before them
     */
    public void skip(long packets) throws IOException {
        if (packets < 0) {
            throw new IllegalArgumentException("cannot skip " + packets + " packets");
        }
        if (skipped == null) {
            skipped = new CapturedFrame();
        }
        for (long i = 0; i < packets; i++) {
            if (!records.next(skipped, false)) {
                throw new CaptureFormatException(file, in.position(), "end of file",
                        "the file has " + packetsRead + " packets, " + (packets - i) + " more to skip");
            }
            packetsRead++;
        }
    }

    /** The capture file this reader reads. */
    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
