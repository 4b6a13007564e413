package io.flowlens.job.l7.kafka;

import io.flowlens.job.l7.L7Segment;
import io.flowlens.job.l7.L7Session;
import io.flowlens.job.l7.Outstanding;
import io.flowlens.job.l7.PrefixReader;
import io.flowlens.job.l7.Transaction;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * One Kafka connection: requests (int32 size, request header, body) matched to responses (int32 size, correlation id,
 * body) by correlation id. The request header is parsed by kafka-clients' {@link RequestHeader#parse}; it needs the
 * whole header, so when the prefix cuts the client id only the fixed fields are kept (partial). It costs little
 * (L7LibrariesJmh: 22 M headers/s, 144 B each; the whole session does 6.7-7.1 M transactions/s on one core).
 * Bodies are read by hand ({@link KafkaRequestTopic}, {@link KafkaResponseError}).
 *
 * <p>Message boundaries are tracked per direction in sequence space: the kernel exports any server segment that begins
 * with a zero byte on a Kafka flow, so a segment inside a message already started is skipped by its sequence number
 * (counted in {@link #continuations()}), as is a retransmitted message start. A response without its request
 * (capture began mid-connection) is unknown: counted in {@link #unmatchedResponses()}, not emitted.
 *
 * <p>Per transaction: method = ApiKeys name, target = first topic (Produce/Fetch/Metadata requests), kafkaApiKey,
 * kafkaApiVersion, kafkaCorrelationId, kafkaClientId, status = the response's first error code, requestBytes and
 * responseBytes = size + 4.
 */
public final class KafkaSession implements L7Session {
    public static final int MAX_OUTSTANDING = 64;
    /** socket.request.max.bytes' default; a larger size is not a Kafka message start. */
    private static final int MAX_MESSAGE = 100 << 20;
    private static final int MIN_START = 8; // size and the correlation id (a request: size, api key, version)

    private final PrefixReader reader = new PrefixReader();
    private final Outstanding<Integer> outstanding = new Outstanding<>(MAX_OUTSTANDING);
    private long clientNext = -1, serverNext = -1;
    private long malformed, unmatched, continuations;

    @Override
    public void onSegment(L7Segment s, Consumer<Transaction> out) {
        long next = s.fromClient() ? clientNext : serverNext;
        if (next >= 0 && (int) (s.seq() - next) < 0) {
            continuations++;
            return;
        }
        byte[] b = s.bytes();
        int at = 0;
        while (at + MIN_START <= b.length) {
            int size = (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | b[at + 3] & 0xff;
            if (size < MIN_START - 4 || size > MAX_MESSAGE) {
                break;
            }
            int to = (int) Math.min(b.length, at + 4L + size);
            if (s.fromClient()) {
                onRequest(s, b, at + 4, to, size + 4L, out);
            } else {
                onResponse(s, b, at + 4, to, size + 4L, out);
            }
            at += 4 + size;
        }
        if (at == 0) {
            malformed++;
        }
        long boundary = at == 0 ? -1 : (s.seq() + at) & 0xffffffffL;
        if (s.fromClient()) {
            clientNext = boundary;
        } else {
            serverNext = boundary;
        }
    }

    private void onRequest(L7Segment s, byte[] b, int from, int to, long length, Consumer<Transaction> out) {
        PrefixReader r = reader.reset(b, from, to);
        int apiKey = (short) r.u16(), version = (short) r.u16(), correlationId = r.s32();
        Transaction t = new Transaction();
        t.protocol = "kafka";
        t.requestNanos = s.tsNanos();
        t.requestBytes = length;
        t.kafkaApiKey = apiKey;
        t.kafkaApiVersion = version;
        t.kafkaCorrelationId = correlationId;
        t.method = KafkaApi.name(apiKey);
        int bodyAt = -1;
        try {
            RequestHeader header = RequestHeader.parse(ByteBuffer.wrap(b, from, to - from));
            t.kafkaClientId = header.clientId();
            bodyAt = from + header.size();
        } catch (RuntimeException cutOrUnknownApi) {
            t.partial = KafkaApi.name(apiKey) != null ? Boolean.TRUE : null;
        }
        int flexible = KafkaApi.flexible(apiKey, version);
        if (bodyAt >= 0 && flexible >= 0 && KafkaRequestTopic.reportsTopic(apiKey)) {
            r.reset(b, bodyAt, to);
            t.target = KafkaRequestTopic.read(r, apiKey, version, flexible == 1);
            if (t.target == null && !r.ok()) {
                t.partial = Boolean.TRUE;
            }
        }
        outstanding.add(correlationId, t, out);
    }

    private void onResponse(L7Segment s, byte[] b, int from, int to, long length, Consumer<Transaction> out) {
        PrefixReader r = reader.reset(b, from, to);
        Transaction t = outstanding.take(r.s32());
        if (t == null) {
            unmatched++;
            return;
        }
        t.responseNanos = s.tsNanos();
        t.responseBytes = length;
        int apiKey = t.kafkaApiKey, version = t.kafkaApiVersion;
        int headerVersion = KafkaApi.responseHeaderVersion(apiKey, version);
        int flexible = KafkaApi.flexible(apiKey, version);
        if (headerVersion >= 0 && flexible >= 0) {
            if (headerVersion >= 1) {
                KafkaWire.skipTaggedFields(r);
            }
            t.status = KafkaResponseError.read(r, apiKey, version, flexible == 1);
            if (t.status == null && !r.ok()) {
                t.partial = Boolean.TRUE;
            }
        }
        out.accept(t);
    }

    @Override
    public void close(Consumer<Transaction> out) {
        outstanding.flush(out);
    }

    @Override
    public long malformed() {
        return malformed;
    }

    /** Responses whose request was never seen. */
    public long unmatchedResponses() {
        return unmatched;
    }

    /** Exported segments that lay inside a message already started (or repeated its start). */
    public long continuations() {
        return continuations;
    }

    /** Requests waiting for their response (at most {@link #MAX_OUTSTANDING}). */
    public int outstanding() {
        return outstanding.size();
    }
}
