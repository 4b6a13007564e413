package io.flowlens.sources.pcap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds pcap and pcapng files byte by byte for tests, in either byte order. */
final class CaptureBytes {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private ByteOrder order;

    private CaptureBytes(ByteOrder order) {
        this.order = order;
    }

    /** A pcap file header: magic, version 2.4, thiszone, sigfigs, snaplen 65535, link type. */
    static CaptureBytes pcap(ByteOrder order, boolean nanos, int linkType) {
        CaptureBytes bytes = new CaptureBytes(order);
        bytes.int32(nanos ? PcapFormat.MAGIC_NANOS : PcapFormat.MAGIC_MICROS).int16(2).int16(4).int32(0).int32(0)
                .int32(65535).int32(linkType);
        return bytes;
    }

    /** A pcap packet record whose original length is its captured length. */
    CaptureBytes record(long seconds, long fraction, byte[] data) {
        return record(seconds, fraction, data.length, data);
    }

    CaptureBytes record(long seconds, long fraction, int originalLength, byte[] data) {
        return int32((int) seconds).int32((int) fraction).int32(data.length).int32(originalLength).raw(data);
    }

    /** A pcapng file starting with a section header block. */
    static CaptureBytes pcapng(ByteOrder order) {
        return new CaptureBytes(order).section(order);
    }

    /** A section header block of version 1.0 with an unknown section length and an shb_userappl option. */
    CaptureBytes section(ByteOrder sectionOrder) {
        order = sectionOrder;
        byte[] body = body(b -> b.int32(PcapngFormat.BYTE_ORDER_MAGIC).int16(1).int16(0).int64(-1)
                .option(4, "flowlens test".getBytes()).int32(0));
        return block(PcapngFormat.SECTION_HEADER, body);
    }

    /** An interface description block; tsresol and tsoffset are left out when null. */
    CaptureBytes interfaceBlock(int linkType, int snapLength, Integer tsresol, Long tsoffset) {
        byte[] body = body(b -> {
            b.int16(linkType).int16(0).int32(snapLength).option(2, "eth0".getBytes());
            if (tsresol != null) {
                b.option(9, new byte[] {tsresol.byteValue()});
            }
            if (tsoffset != null) {
                b.option(14, new CaptureBytes(order).int64(tsoffset).toByteArray());
            }
            b.int32(0);
        });
        return block(PcapngFormat.INTERFACE_DESCRIPTION, body);
    }

    CaptureBytes enhancedPacket(int interfaceId, long ticks, byte[] data) {
        return enhancedPacket(interfaceId, ticks, data.length, data);
    }

    CaptureBytes enhancedPacket(int interfaceId, long ticks, int originalLength, byte[] data) {
        byte[] body = body(b -> b.int32(interfaceId).int32((int) (ticks >>> 32)).int32((int) ticks)
                .int32(data.length).int32(originalLength).padded(data).option(1, "comment".getBytes()).int32(0));
        return block(PcapngFormat.ENHANCED_PACKET, body);
    }

    CaptureBytes obsoletePacket(int interfaceId, long ticks, byte[] data) {
        byte[] body = body(b -> b.int16(interfaceId).int16(0).int32((int) (ticks >>> 32)).int32((int) ticks)
                .int32(data.length).int32(data.length).padded(data));
        return block(PcapngFormat.OBSOLETE_PACKET, body);
    }

    CaptureBytes simplePacket(int originalLength, byte[] data) {
        return block(PcapngFormat.SIMPLE_PACKET, body(b -> b.int32(originalLength).padded(data)));
    }

    /** A block of any type: type, total length, body, total length. */
    CaptureBytes block(int type, byte[] body) {
        int length = 12 + body.length;
        return int32(type).int32(length).raw(body).int32(length);
    }

    CaptureBytes int16(int value) {
        return raw(ByteBuffer.allocate(2).order(order).putShort((short) value).array());
    }

    CaptureBytes int32(int value) {
        return raw(ByteBuffer.allocate(4).order(order).putInt(value).array());
    }

    CaptureBytes int64(long value) {
        return raw(ByteBuffer.allocate(8).order(order).putLong(value).array());
    }

    CaptureBytes raw(byte[] data) {
        out.writeBytes(data);
        return this;
    }

    CaptureBytes padded(byte[] data) {
        raw(data);
        return raw(new byte[(4 - data.length % 4) % 4]);
    }

    CaptureBytes option(int code, byte[] value) {
        return int16(code).int16(value.length).padded(value);
    }

    int size() {
        return out.size();
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    Path writeTo(Path file) {
        try {
            return Files.write(file, toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] body(java.util.function.Consumer<CaptureBytes> content) {
        CaptureBytes body = new CaptureBytes(order);
        content.accept(body);
        return body.toByteArray();
    }
}
