package io.flowlens.sources.pcap;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** An immutable copy of a {@link CapturedFrame}, for assertions. */
record ReadPacket(long timestampNanos, int originalLength, byte[] frame, int linkType, int interfaceId, long offset) {

    static ReadPacket of(CapturedFrame frame) {
        return new ReadPacket(frame.timestampNanos(), frame.originalLength(),
                Arrays.copyOf(frame.buffer(), frame.frameLength()), frame.linkType(), frame.interfaceId(),
                frame.offset());
    }

    /** Every packet of the file; fails on any exception. */
    static List<ReadPacket> readAll(Path file) throws IOException {
        try (CaptureFileReader reader = CaptureFileReader.open(file)) {
            return readRest(reader, new ArrayList<>());
        }
    }

    /** Adds the packets {@code reader} returns to {@code into} until the end or an exception, which it throws. */
    static List<ReadPacket> readRest(CaptureFileReader reader, List<ReadPacket> into) throws IOException {
        CapturedFrame frame = new CapturedFrame();
        while (reader.next(frame)) {
            into.add(of(frame));
        }
        return into;
    }

    @Override
    public String toString() {
        return "ReadPacket{ts=" + timestampNanos + ", orig=" + originalLength + ", frame="
                + java.util.HexFormat.of().formatHex(frame) + ", linkType=" + linkType + ", if=" + interfaceId
                + ", offset=" + offset + "}";
    }
}
