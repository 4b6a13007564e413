package io.flowlens.job.bench;

import io.flowlens.job.l7.L7Segment;
import io.flowlens.job.l7.L7Session;
import io.flowlens.job.l7.dns.DnsSession;
import io.flowlens.job.l7.http.HttpSession;
import io.flowlens.job.l7.http2.Conversations;
import io.flowlens.job.l7.http2.Http2Session;
import io.flowlens.job.l7.icmp.IcmpSession;
import io.flowlens.job.l7.kafka.KafkaSession;
import io.flowlens.job.l7.redis.RedisSession;
import io.flowlens.job.l7.tls.TlsSession;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.MessageUtil;

/**
 * The traffic the L7 benchmarks replay: for each protocol, connections that make exactly {@link #TRANSACTIONS}
 * transactions, their segments as the kernel exports them (a prefix of at most {@link #CAP} bytes, the default cap).
 * Built once; the benchmark feeds them to fresh sessions.
 *
 * @param sessions a new session for one connection
 * @param connections the segments of each connection, in capture order
 */
record L7Exchanges(Supplier<L7Session> sessions, List<List<L7Segment>> connections) {
    static final int CAP = 128, TRANSACTIONS = 100;

    /** The workloads by name; the names are the benchmark's parameter values. */
    static L7Exchanges of(String name) {
        return switch (name) {
            case "http-keepalive" -> one(() -> new HttpSession(false), http(false));
            case "http-pipelined4" -> one(() -> new HttpSession(false), http(true));
            case "http2-grpc" -> one(Http2Session::new, Conversations.manyStreams(TRANSACTIONS, CAP));
            case "redis" -> one(RedisSession::new, redis(1, "user:1234567"));
            case "redis-pipelined5" -> one(RedisSession::new, redis(5, "k")); // 5 GETs fit one 128-byte prefix
            case "dns-udp" -> one(DnsSession::udp, dns());
            case "kafka-metadata" -> one(KafkaSession::new, kafka(ApiKeys.METADATA, (short) 12,
                    new MetadataRequestData().setTopics(List.of(
                            new MetadataRequestData.MetadataRequestTopic().setName("orders"))), metadataResponse()));
            case "kafka-produce" -> one(KafkaSession::new, kafka(ApiKeys.PRODUCE, (short) 9, produceRequest(),
                    produceResponse()));
            case "icmp-echo" -> one(() -> new IcmpSession(1), icmp());
            case "tls-clienthello" -> tls();
            default -> throw new IllegalArgumentException("no L7 workload named " + name);
        };
    }

    private static L7Exchanges one(Supplier<L7Session> sessions, List<L7Segment> connection) {
        return new L7Exchanges(sessions, List.of(connection));
    }

    /**
     * Browser-like requests of ~270 bytes (cut at CAP) one per segment, or short API requests pipelined four to a
     * segment (all four visible); each response in its own segment.
     */
    private static List<L7Segment> http(boolean pipelined) {
        String request = pipelined ? "GET /i/1 HTTP/1.1\r\nHost: api\r\n\r\n"
                : "GET /api/v1/items/12345?token=abcdef HTTP/1.1\r\nHost: service.namespace.svc.cluster.local\r\n"
                        + "User-Agent: curl/8.5.0\r\nAccept: */*\r\nX-Request-Id: 0b7c2e9a-5f31-4a9e-8f7e-1d2c3b4a5f60\r\n"
                        + "Accept-Encoding: gzip\r\n\r\n";
        String response = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: application/json\r\n\r\n{}";
        List<L7Segment> out = new ArrayList<>();
        long cs = 1, ss = 1, now = 1;
        int batch = pipelined ? 4 : 1;
        for (int i = 0; i < TRANSACTIONS; i += batch) {
            out.add(segment(true, now++, L7Segment.HTTP1_REQUEST, cs, request.repeat(batch)));
            cs += (long) request.length() * batch;
            for (int b = 0; b < batch; b++) {
                out.add(segment(false, now++, L7Segment.HTTP1_RESPONSE, ss, response));
                ss += response.length();
            }
        }
        return out;
    }

    /** GET commands and bulk replies, {@code batch} per segment. */
    private static List<L7Segment> redis(int batch, String key) {
        String command = "*2\r\n$3\r\nGET\r\n$" + key.length() + "\r\n" + key + "\r\n";
        String reply = "$5\r\nhello\r\n";
        List<L7Segment> out = new ArrayList<>();
        long cs = 1, ss = 1, now = 1;
        for (int i = 0; i < TRANSACTIONS; i += batch) {
            out.add(segment(true, now++, L7Segment.REDIS, cs, command.repeat(batch)));
            cs += (long) command.length() * batch;
            out.add(segment(false, now++, L7Segment.REDIS, ss, reply.repeat(batch)));
            ss += (long) reply.length() * batch;
        }
        return out;
    }

    /** Queries with ids 1.. and their answers, one datagram each. */
    private static List<L7Segment> dns() {
        byte[] query = dnsQuery(), response = dnsResponse();
        List<L7Segment> out = new ArrayList<>();
        for (int i = 0; i < TRANSACTIONS; i++) {
            query[0] = response[0] = (byte) (i >> 8);
            query[1] = response[1] = (byte) i;
            out.add(segment(true, 2L * i, L7Segment.DNS, 0, query));
            out.add(segment(false, 2L * i + 1, L7Segment.DNS, 0, response));
        }
        return out;
    }

    /** Requests with correlation ids 1.., each answered before the next. */
    private static List<L7Segment> kafka(ApiKeys api, short version, ApiMessage request, ApiMessage response) {
        List<L7Segment> out = new ArrayList<>();
        long cs = 1, ss = 1;
        for (int i = 0; i < TRANSACTIONS; i++) {
            byte[][] exchange = kafka(api, version, i + 1, request, response);
            out.add(segment(true, 2L * i, L7Segment.KAFKA, cs, exchange[0]));
            out.add(segment(false, 2L * i + 1, L7Segment.KAFKA, ss, exchange[1]));
            cs += exchange[0].length;
            ss += exchange[1].length;
        }
        return out;
    }

    /** Echo requests and replies (ICMP header: type, code, checksum, id, sequence). */
    private static List<L7Segment> icmp() {
        List<L7Segment> out = new ArrayList<>();
        for (int i = 0; i < TRANSACTIONS; i++) {
            byte[] echo = {8, 0, 0, 0, 0x12, 0x34, (byte) (i >> 8), (byte) i};
            byte[] reply = echo.clone();
            reply[0] = 0;
            out.add(segment(true, 2L * i, 0, 0, echo));
            out.add(segment(false, 2L * i + 1, 0, 0, reply));
        }
        return out;
    }

    /** One ClientHello per connection (a TLS transaction is the hello), cut at 256 bytes to keep the SNI. */
    private static L7Exchanges tls() {
        byte[] hello = clientHello();
        List<L7Segment> hellos = List.of(new L7Segment(true, 1, L7Segment.TLS_CLIENT_HELLO, 1, hello.length,
                Arrays.copyOf(hello, Math.min(256, hello.length))));
        List<List<L7Segment>> connections = new ArrayList<>();
        for (int i = 0; i < TRANSACTIONS; i++) {
            connections.add(hellos);
        }
        return new L7Exchanges(TlsSession::new, connections);
    }

    private static L7Segment segment(boolean fromClient, long ts, int cls, long seq, String payload) {
        return segment(fromClient, ts, cls, seq, payload.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static L7Segment segment(boolean fromClient, long ts, int cls, long seq, byte[] payload) {
        return new L7Segment(fromClient, ts, cls, seq, payload.length, Arrays.copyOf(payload, Math.min(CAP, payload.length)));
    }

    /** A www.example.org A query and its response with a CNAME and two A answers (about what resolvers see). */
    static byte[] dnsQuery() {
        return hex("beef01000001000000000000" + "03777777076578616d706c65036f726700" + "00010001");
    }

    static byte[] dnsResponse() {
        return hex("beef81800001000300000000" + "03777777076578616d706c65036f726700" + "00010001"
                + "c00c000500010000012c0012" + "04656467650b6578616d706c652d63646e00"
                + "c02d000100010000003c0004c6120001" + "c02d000100010000003c0004c6120002");
    }

    static byte[][] kafka(ApiKeys api, short v, int correlationId, ApiMessage request, ApiMessage response) {
        RequestHeaderData rh = new RequestHeaderData().setRequestApiKey(api.id).setRequestApiVersion(v)
                .setCorrelationId(correlationId).setClientId("producer-1");
        ResponseHeaderData sh = new ResponseHeaderData().setCorrelationId(correlationId);
        return new byte[][] {
            frame(MessageUtil.toByteBufferAccessor(rh, api.requestHeaderVersion(v)).buffer(),
                    MessageUtil.toByteBufferAccessor(request, v).buffer()),
            frame(MessageUtil.toByteBufferAccessor(sh, api.responseHeaderVersion(v)).buffer(),
                    MessageUtil.toByteBufferAccessor(response, v).buffer())};
    }

    static ApiMessage metadataResponse() {
        var brokers = new MetadataResponseData.MetadataResponseBrokerCollection();
        for (int i = 1; i <= 3; i++) {
            brokers.add(new MetadataResponseData.MetadataResponseBroker().setNodeId(i).setHost("broker-" + i)
                    .setPort(9092));
        }
        var topics = new MetadataResponseData.MetadataResponseTopicCollection();
        topics.add(new MetadataResponseData.MetadataResponseTopic().setName("orders"));
        return new MetadataResponseData().setBrokers(brokers).setClusterId("c1").setTopics(topics);
    }

    static ApiMessage produceRequest() {
        var topics = new ProduceRequestData.TopicProduceDataCollection();
        topics.add(new ProduceRequestData.TopicProduceData().setName("orders")
                .setPartitionData(List.of(new ProduceRequestData.PartitionProduceData().setIndex(0))));
        return new ProduceRequestData().setAcks((short) -1).setTimeoutMs(30_000).setTopicData(topics);
    }

    static ApiMessage produceResponse() {
        var topics = new ProduceResponseData.TopicProduceResponseCollection();
        topics.add(new ProduceResponseData.TopicProduceResponse().setName("orders").setPartitionResponses(
                List.of(new ProduceResponseData.PartitionProduceResponse().setIndex(0).setBaseOffset(1234))));
        return new ProduceResponseData().setResponses(topics);
    }

    private static byte[] frame(ByteBuffer header, ByteBuffer body) {
        ByteBuffer b = ByteBuffer.allocate(4 + header.remaining() + body.remaining());
        b.putInt(header.remaining() + body.remaining()).put(header).put(body);
        return b.array();
    }

    static byte[] clientHello() {
        try {
            return clientHelloBytes();
        } catch (Exception e) {
            throw new IllegalStateException("the JDK could not make a ClientHello", e);
        }
    }

    private static byte[] clientHelloBytes() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, null, null);
        SSLEngine engine = context.createSSLEngine("api.example.com", 443);
        engine.setUseClientMode(true);
        SSLParameters params = engine.getSSLParameters();
        params.setServerNames(List.of(new SNIHostName("api.example.com")));
        engine.setSSLParameters(params);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        return Arrays.copyOf(out.array(), out.position());
    }

    private static byte[] hex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }
}
