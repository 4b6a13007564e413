package io.flowlens.job.l7.kafka;

import java.nio.ByteBuffer;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.MessageUtil;

/** Kafka messages as kafka-clients' own generated serializers write them: int32 size, header, body. */
final class KafkaBytes {
    private KafkaBytes() {}

    static byte[] request(ApiMessage body, short version, int correlationId, String clientId) {
        ApiKeys api = ApiKeys.forId(body.apiKey());
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(api.id).setRequestApiVersion(version)
                .setCorrelationId(correlationId).setClientId(clientId);
        return frame(MessageUtil.toByteBufferAccessor(header, api.requestHeaderVersion(version)).buffer(),
                MessageUtil.toByteBufferAccessor(body, version).buffer());
    }

    static byte[] response(ApiMessage body, short version, int correlationId) {
        ApiKeys api = ApiKeys.forId(body.apiKey());
        ResponseHeaderData header = new ResponseHeaderData().setCorrelationId(correlationId);
        return frame(MessageUtil.toByteBufferAccessor(header, api.responseHeaderVersion(version)).buffer(),
                MessageUtil.toByteBufferAccessor(body, version).buffer());
    }

    private static byte[] frame(ByteBuffer header, ByteBuffer body) {
        ByteBuffer b = ByteBuffer.allocate(4 + header.remaining() + body.remaining());
        b.putInt(header.remaining() + body.remaining()).put(header).put(body);
        return b.array();
    }
}
