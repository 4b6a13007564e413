package io.flowlens.job.l7.http2;

import io.flowlens.job.l7.L7Segment;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2FrameWriter;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Flags;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Real HTTP/2 bytes from Netty's frame writer and HPACK encoder, one per side as on a real connection, written into
 * an embedded channel and read back; {@link Side#segment} turns a side's TCP segment into what the kernel exports.
 */
final class H2Wire {
    private final EmbeddedChannel channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
    private final ChannelHandlerContext ctx = channel.pipeline().firstContext();
    final Side client = new Side(true, 1000), server = new Side(false, 900_000);
    /** Payload bytes exported per segment, as the kernel's payload_cap. */
    int cap = 256;
    /** The kernel saw the client preface: it then knows the connection is HTTP/2 (flowlens.bpf.c connection_class). */
    boolean proven;
    long now = 1_700_000_000_000_000_000L;

    final class Side {
        final boolean fromClient;
        final DefaultHttp2HeadersEncoder encoder = new DefaultHttp2HeadersEncoder();
        final DefaultHttp2FrameWriter writer = new DefaultHttp2FrameWriter(encoder);
        long seq;

        Side(boolean fromClient, long isn) {
            this.fromClient = fromClient;
            this.seq = isn;
        }

        byte[] headers(int stream, boolean endStream, CharSequence... nameValues) {
            writer.writeHeaders(ctx, stream, fields(nameValues), 0, endStream, ctx.newPromise());
            return drain();
        }

        byte[] data(int stream, int length, boolean endStream) {
            writer.writeData(ctx, stream, Unpooled.wrappedBuffer(new byte[length]), 0, endStream, ctx.newPromise());
            return drain();
        }

        byte[] settings() {
            writer.writeSettings(ctx, new Http2Settings().maxConcurrentStreams(100).initialWindowSize(65535),
                    ctx.newPromise());
            return drain();
        }

        byte[] settingsAck() {
            writer.writeSettingsAck(ctx, ctx.newPromise());
            return drain();
        }

        byte[] windowUpdate(int stream, int increment) {
            writer.writeWindowUpdate(ctx, stream, increment, ctx.newPromise());
            return drain();
        }

        byte[] rst(int stream, long code) {
            writer.writeRstStream(ctx, stream, code, ctx.newPromise());
            return drain();
        }

        byte[] goAway(int lastStream) {
            writer.writeGoAway(ctx, lastStream, 0, Unpooled.EMPTY_BUFFER, ctx.newPromise());
            return drain();
        }

        /** A header block split into HEADERS and CONTINUATION frames after {@code firstPart} bytes. */
        byte[][] headersAndContinuation(int stream, int firstPart, CharSequence... nameValues) {
            ByteBuf block = Unpooled.buffer();
            try {
                encoder.encodeHeaders(stream, fields(nameValues), block);
            } catch (Http2Exception e) {
                throw new IllegalStateException(e);
            }
            byte[] bytes = ByteBufUtil.getBytes(block);
            writer.writeFrame(ctx, (byte) 1, stream, new Http2Flags(),
                    Unpooled.wrappedBuffer(Arrays.copyOf(bytes, firstPart)), ctx.newPromise());
            byte[] first = drain();
            writer.writeFrame(ctx, (byte) 9, stream, new Http2Flags().endOfHeaders(true),
                    Unpooled.wrappedBuffer(Arrays.copyOfRange(bytes, firstPart, bytes.length)), ctx.newPromise());
            return new byte[][] {first, drain()};
        }

        /**
         * Sends one TCP segment made of {@code parts}; returns what the kernel exports for it (its class and first
         * {@link #cap} bytes), or null when it would export nothing: the preface, and segments led by a HEADERS,
         * SETTINGS, RST_STREAM or GOAWAY frame, are signatures (flowlens.bpf.c looks_http2_frame), others are not,
         * except, once the preface was seen, a frame that ends a stream or ends within the segment.
         */
        L7Segment segment(byte[]... parts) {
            byte[] payload = concat(parts);
            long at = seq;
            seq = (seq + payload.length) & 0xffffffffL;
            now += 1_000_000;
            int kernelClass = kernelClass(payload, proven);
            proven |= kernelClass == L7Segment.HTTP2_PREFACE;
            if (kernelClass == 0) {
                return null;
            }
            return new L7Segment(fromClient, now, kernelClass, at, payload.length,
                    Arrays.copyOf(payload, Math.min(cap, payload.length)));
        }
    }

    static byte[] preface() {
        return Http2Session.PREFACE.clone();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static int kernelClass(byte[] p, boolean proven) {
        if (p.length >= 8 && new String(p, 0, 5, StandardCharsets.ISO_8859_1).equals("PRI *")) {
            return L7Segment.HTTP2_PREFACE;
        }
        if (p.length >= 7 && new String(p, 0, 7, StandardCharsets.ISO_8859_1).equals("HTTP/1.")) {
            return L7Segment.HTTP1_RESPONSE;
        }
        if (p.length >= 4 && new String(p, 0, 4, StandardCharsets.ISO_8859_1).matches("GET |POST")) {
            return L7Segment.HTTP1_REQUEST;
        }
        int type = p.length >= 9 ? p[3] : -1;
        if (type == 1 || type == 3 || type == 4 || type == 7) {
            return L7Segment.HTTP2_FRAME;
        }
        int length = p.length >= 9 ? (p[0] & 0xff) << 16 | (p[1] & 0xff) << 8 | (p[2] & 0xff) : Integer.MAX_VALUE;
        boolean endsStream = type == 0 && (p[4] & 1) != 0;
        return proven && p[0] == 0 && type >= 0 && type <= 9 && (endsStream || length + 9 <= p.length)
                ? L7Segment.HTTP2_FRAME : 0;
    }

    private static Http2Headers fields(CharSequence... nameValues) {
        Http2Headers h = new DefaultHttp2Headers(false);
        for (int i = 0; i < nameValues.length; i += 2) {
            h.add(nameValues[i], nameValues[i + 1]);
        }
        return h;
    }

    private byte[] drain() {
        channel.flush();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuf b; (b = channel.readOutbound()) != null; ) {
            out.writeBytes(ByteBufUtil.getBytes(b));
            b.release();
        }
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
