package io.flowlens.job.l7;

/**
 * The start of an L7 message as the kernel exported it: the first bytes of one TCP segment or UDP datagram whose
 * content matched an in-kernel signature. Bulk data segments never get here, so a message's body is known only by
 * its length.
 *
 * @param fromClient sent by the flow's initiator
 * @param tsNanos capture time, epoch ns
 * @param kernelClass the kernel's signature class (enum fl_l7_class: 1 HTTP/1 request, 2 HTTP/1 response, 3 HTTP/2
 *     preface, 4 HTTP/2 frame, 5 TLS ClientHello, 6 DNS, 7 Redis RESP, 8 Kafka)
 * @param seq the TCP sequence number of the segment's first byte (0 for UDP), for ordering and de-duplication
 * @param payloadLength the whole segment's or datagram's payload length on the wire
 * @param bytes the exported prefix (at most the capture's payload cap, ≤ 256 bytes); may be shorter than the message
 */
public record L7Segment(boolean fromClient, long tsNanos, int kernelClass, long seq, long payloadLength, byte[] bytes) {
    public static final int HTTP1_REQUEST = 1, HTTP1_RESPONSE = 2, HTTP2_PREFACE = 3, HTTP2_FRAME = 4,
            TLS_CLIENT_HELLO = 5, DNS = 6, REDIS = 7, KAFKA = 8;
}
