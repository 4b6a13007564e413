package io.flowlens.job.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.RequestHeader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * The libraries the L7 sessions could have used, on the same bytes as {@link L7SessionsJmh}: dnsjava's Message
 * parser on a whole response and on one cut by the payload cap (it throws), and kafka-clients' RequestHeader.parse
 * alone. docs/benchmarks.md compares them with the sessions.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class L7LibrariesJmh {
    private byte[] response, cutResponse;
    private ByteBuffer kafkaHeader;

    @Setup
    public void setUp() {
        response = L7Exchanges.dnsResponse();
        cutResponse = Arrays.copyOf(response, 60);
        byte[] request = L7Exchanges.kafka(ApiKeys.METADATA, (short) 12, 42, new MetadataRequestData().setTopics(
                List.of(new MetadataRequestData.MetadataRequestTopic().setName("orders"))),
                L7Exchanges.metadataResponse())[0];
        kafkaHeader = ByteBuffer.wrap(request, 4, request.length - 4);
    }

    @Benchmark
    public void dnsjavaWholeResponse(Blackhole bh) throws IOException {
        Message m = new Message(response);
        for (Record rec : m.getSection(Section.ANSWER)) {
            bh.consume(rec.getTTL());
            bh.consume(rec.rdataToString());
        }
        bh.consume(m.getHeader().getID());
        bh.consume(m.getQuestion().getName().toString());
    }

    @Benchmark
    public int dnsjavaCutResponse() {
        try {
            return new Message(cutResponse).getHeader().getID();
        } catch (IOException e) {
            return -1;
        }
    }

    @Benchmark
    public int kafkaRequestHeaderParse() {
        kafkaHeader.position(4);
        return RequestHeader.parse(kafkaHeader).correlationId();
    }
}
