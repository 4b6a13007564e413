package io.flowlens.job.bench;

import com.sun.management.ThreadMXBean;
import io.flowlens.job.l7.L7Segment;
import io.flowlens.job.l7.L7Session;
import io.flowlens.job.l7.Transaction;
import io.flowlens.job.l7.dns.DnsSession;
import io.flowlens.job.l7.kafka.KafkaSession;
import io.flowlens.job.l7.tls.TlsSession;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SNIHostName;
import java.util.List;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.requests.RequestHeader;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Transactions per second of each L7 session on one core, and bytes allocated per transaction (the thread's allocation
 * counter), on exchanges cut at the default 128-byte payload cap; plus the library alternatives measured on the same
 * bytes: dnsjava's Message parser (whole and cut messages) and kafka-clients' RequestHeader.parse alone.
 *
 * <pre>java -cp job/target/test-classes:job/target/classes:$(deps) io.flowlens.job.bench.L7ParserBench [seconds]</pre>
 */
public final class L7ParserBench {
    private static final ThreadMXBean THREAD = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static long sink;

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        System.out.printf("%-44s %14s %12s%n", "parser (one core)", "per second", "B alloc/op");

        byte[] query = dnsQuery(), response = dnsResponse();
        L7Segment q = new L7Segment(true, 1, L7Segment.DNS, 0, query.length, cap(query, 128));
        L7Segment r = new L7Segment(false, 2, L7Segment.DNS, 0, response.length, cap(response, 128));
        run("DnsSession udp, query+response (txn)", seconds, DnsSession::udp, q, r);

        byte[][] metadata = kafka(ApiKeys.METADATA, (short) 12, new MetadataRequestData().setTopics(List.of(
                new MetadataRequestData.MetadataRequestTopic().setName("orders"))), metadataResponse());
        byte[][] produce = kafka(ApiKeys.PRODUCE, (short) 9, produceRequest(), produceResponse());
        run("KafkaSession Metadata v12 (txn)", seconds, KafkaSession::new, kafkaSegments(metadata));
        run("KafkaSession Produce v9 (txn)", seconds, KafkaSession::new, kafkaSegments(produce));

        byte[] hello = clientHello();
        run("TlsSession JDK ClientHello cut at 256 (txn)", seconds, TlsSession::new,
                new L7Segment(true, 1, L7Segment.TLS_CLIENT_HELLO, 1, hello.length, cap(hello, 256)));

        measure("dnsjava Message, whole response", seconds, () -> {
            try {
                Message m = new Message(response);
                for (Record rec : m.getSection(Section.ANSWER)) {
                    sink += rec.getTTL() + rec.rdataToString().length();
                }
                sink += m.getHeader().getID() + m.getQuestion().getName().toString().length();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        byte[] cut = cap(response, 60);
        measure("dnsjava Message, response cut (throws)", seconds, () -> {
            try {
                sink += new Message(cut).getHeader().getID();
            } catch (java.io.IOException e) {
                sink++;
            }
        });
        ByteBuffer header = ByteBuffer.wrap(metadata[0], 4, metadata[0].length - 4);
        measure("kafka-clients RequestHeader.parse", seconds, () -> {
            header.position(4);
            sink += RequestHeader.parse(header).correlationId();
        });
        System.out.println("(sink " + (sink & 1) + ")");
    }

    private static void run(String name, double seconds, Supplier<L7Session> session, L7Segment... exchange) {
        Consumer<Transaction> out = t -> sink += t.requestNanos;
        measure(name, seconds, () -> {
            L7Session s = session.get(); // a new flow per exchange: the worst case, session creation included
            for (L7Segment seg : exchange) {
                s.onSegment(seg, out);
            }
            s.close(out);
        });
    }

    private static void measure(String name, double seconds, Runnable op) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9 / 3); // warm-up: a third of the time
        while (System.nanoTime() < deadline) {
            op.run();
        }
        long ops = 0, start = System.nanoTime(), bytes = THREAD.getCurrentThreadAllocatedBytes();
        long end = start + (long) (seconds * 1e9);
        long now;
        do {
            for (int i = 0; i < 1000; i++) {
                op.run();
            }
            ops += 1000;
        } while ((now = System.nanoTime()) < end);
        long allocated = THREAD.getCurrentThreadAllocatedBytes() - bytes;
        System.out.printf("%-44s %,14.0f %12d%n", name, ops / ((now - start) / 1e9), allocated / ops);
    }

    private static byte[] cap(byte[] b, int cap) {
        return b.length > cap ? Arrays.copyOf(b, cap) : b;
    }

    private static L7Segment[] kafkaSegments(byte[][] exchange) {
        return new L7Segment[] {new L7Segment(true, 1, L7Segment.KAFKA, 1, exchange[0].length, cap(exchange[0], 128)),
                new L7Segment(false, 2, L7Segment.KAFKA, 1, exchange[1].length, cap(exchange[1], 128))};
    }

    /** A www.example.org A query and its response with a CNAME and two A answers (about what resolvers see). */
    private static byte[] dnsQuery() {
        return hex("beef01000001000000000000" + "03777777076578616d706c65036f726700" + "00010001");
    }

    private static byte[] dnsResponse() {
        return hex("beef81800001000300000000" + "03777777076578616d706c65036f726700" + "00010001"
                + "c00c000500010000012c0012" + "04656467650b6578616d706c652d63646e00"
                + "c02d000100010000003c0004c6120001" + "c02d000100010000003c0004c6120002");
    }

    private static byte[][] kafka(ApiKeys api, short v, ApiMessage request, ApiMessage response) {
        RequestHeaderData rh = new RequestHeaderData().setRequestApiKey(api.id).setRequestApiVersion(v)
                .setCorrelationId(42).setClientId("producer-1");
        ResponseHeaderData sh = new ResponseHeaderData().setCorrelationId(42);
        return new byte[][] {
            frame(MessageUtil.toByteBufferAccessor(rh, api.requestHeaderVersion(v)).buffer(),
                    MessageUtil.toByteBufferAccessor(request, v).buffer()),
            frame(MessageUtil.toByteBufferAccessor(sh, api.responseHeaderVersion(v)).buffer(),
                    MessageUtil.toByteBufferAccessor(response, v).buffer())};
    }

    private static ApiMessage metadataResponse() {
        var brokers = new MetadataResponseData.MetadataResponseBrokerCollection();
        for (int i = 1; i <= 3; i++) {
            brokers.add(new MetadataResponseData.MetadataResponseBroker().setNodeId(i).setHost("broker-" + i)
                    .setPort(9092));
        }
        var topics = new MetadataResponseData.MetadataResponseTopicCollection();
        topics.add(new MetadataResponseData.MetadataResponseTopic().setName("orders"));
        return new MetadataResponseData().setBrokers(brokers).setClusterId("c1").setTopics(topics);
    }

    private static ApiMessage produceRequest() {
        var topics = new ProduceRequestData.TopicProduceDataCollection();
        topics.add(new ProduceRequestData.TopicProduceData().setName("orders")
                .setPartitionData(List.of(new ProduceRequestData.PartitionProduceData().setIndex(0))));
        return new ProduceRequestData().setAcks((short) -1).setTimeoutMs(30_000).setTopicData(topics);
    }

    private static ApiMessage produceResponse() {
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

    private static byte[] clientHello() throws Exception {
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
