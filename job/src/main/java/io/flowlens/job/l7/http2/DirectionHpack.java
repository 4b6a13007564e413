package io.flowlens.job.l7.http2;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;

/**
 * One direction's HPACK decoding context (RFC 7541 §2.2: one per direction), fed header blocks in order, with what
 * is certain about it. Its dynamic table is only right if every block the sender encoded was seen: when some may have
 * been missed (capture began mid-connection, a block cut by the payload cap, bytes that were never exported), only
 * entries inserted since are trusted, and the first block that reads an older entry makes the direction unknown for
 * good: its blocks are no longer decoded and their fields are null, never guessed.
 */
final class DirectionHpack {
    /** RFC 7540 §6.5.2 default; a larger decoder table than the sender's is harmless (it only keeps older entries). */
    static final int DEFAULT_TABLE_SIZE = 4096;
    /** Largest table a peer may make us keep, bounding memory per flow. */
    static final int MAX_TABLE_SIZE = 65536;
    private static final long MAX_HEADER_LIST_SIZE = 65536;

    private final DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(false, false, MAX_HEADER_LIST_SIZE);
    private boolean unknown;
    /** Newest dynamic entries known to match the sender's table; MAX_VALUE while nothing was missed. */
    private int trusted = Integer.MAX_VALUE;

    /** Some of this direction's header blocks may have gone unseen. */
    void missedSomething() {
        trusted = 0;
    }

    boolean unknown() {
        return unknown;
    }

    /** The peer's SETTINGS_HEADER_TABLE_SIZE: the largest table this direction's sender may use. */
    void peerTableSize(long size) {
        try {
            decoder.configuration().maxHeaderTableSize(Math.min(Math.max(size, DEFAULT_TABLE_SIZE), MAX_TABLE_SIZE));
        } catch (Http2Exception e) {
            unknown = true;
        }
    }

    /** Decodes a complete header block, or returns null when this direction's state is (or just became) unknown. */
    Http2Headers decode(int streamId, byte[] block, int from, int to) {
        if (unknown) {
            return null;
        }
        int inserted = HpackBlockScan.insertions(block, from, to, trusted);
        if (inserted < 0) {
            unknown = true;
            return null;
        }
        try {
            Http2Headers headers = decoder.decodeHeaders(streamId, Unpooled.wrappedBuffer(block, from, to - from));
            if (trusted != Integer.MAX_VALUE) {
                trusted = (int) Math.min((long) trusted + inserted, Integer.MAX_VALUE - 1);
            }
            return headers;
        } catch (Http2Exception | RuntimeException e) {
            unknown = true; // the decoder may have inserted part of the block: its table is no longer the sender's
            return null;
        }
    }
}
