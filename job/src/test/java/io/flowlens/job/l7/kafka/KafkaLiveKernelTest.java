package io.flowlens.job.l7.kafka;

import static io.flowlens.job.l7.L7LiveRun.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.job.l7.L7LiveRun;
import io.flowlens.sources.bpf.KernelTest;
import io.flowlens.testkit.BackgroundProcess;
import io.flowlens.testkit.ChildJvm;
import io.flowlens.testkit.Topology;
import io.flowlens.testkit.TsharkOracle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real single-node KRaft broker (kafka_2.13 from Maven Central) in a network namespace, and a kafka-clients producer
 * and consumer in the root namespace, captured live on the veth's host end by the real pipeline: the producer sends
 * {@link #RECORDS} records one at a time, the consumer reads them back from the start. The Kafka transactions carry
 * exactly the request headers tshark dissects from a dumpcap capture of the same interface (api key, version,
 * correlation id, client id) and the error codes of the responses it links; the rest is what the clients are known to
 * send: one Produce per record without error, the topic's Metadata asked by name, ListOffsets and Fetch from the
 * consumer, one correlation id counter per client, each of the four connections opened by ApiVersions.
 */
@KernelTest
class KafkaLiveKernelTest {
    /** tshark dissects this port as Kafka without being told. */
    private static final int PORT = 9092;
    private static final int RECORDS = 5;
    private static final String TOPIC = "flowlens-orders", PRODUCER = "flowlens-producer", CONSUMER = "flowlens-consumer";
    private static final Duration DURATION = Duration.ofSeconds(12);

    @RegisterExtension
    static final MiniClusterExtension FLINK = L7LiveRun.miniCluster();

    @TempDir
    Path dir;

    @Test
    void produceAndConsumeAreExactlyTsharksKafkaExchanges() throws Exception {
        try (Topology t = Topology.hostAndNs();
                BackgroundProcess broker = ChildJvm.start(t.server(), KafkaBroker.class, KafkaBroker.READY,
                        dir.toString(), t.serverV4().getHostAddress(), Integer.toString(PORT))) {
            String bootstrap = t.serverV4().getHostAddress() + ":" + PORT;
            createTopic(bootstrap); // before the capture: only the producer's and consumer's exchanges are captured
            List<String> consumed = new ArrayList<>();
            L7LiveRun run = L7LiveRun.of(t.link(), DURATION, dir, () -> {
                produce(bootstrap);
                consumed.addAll(consume(bootstrap));
            });
            assertThat(consumed).as(broker.output()).containsExactly("order-1", "order-2", "order-3", "order-4", "order-5");

            String ns = t.serverV4().getHostAddress();
            List<Row> ours = run.transactions().stream()
                    .filter(r -> ns.equals(get(r, "dst_ip")) && "kafka".equals(get(r, "l7_protocol")))
                    .sorted(Comparator.comparing((Row r) -> (Long) get(r, "timestamp_ms"))
                            .thenComparing(r -> (String) get(r, "kafka_client_id"))
                            .thenComparing(r -> (Integer) get(r, "kafka_correlation_id")))
                    .toList();
            assertThat(run.transactions()).as("nothing but Kafka on the broker's port").allSatisfy(r ->
                    assertThat(get(r, "l7_protocol")).isEqualTo("kafka"));

            assertAgreesWithTshark(ours, run.pcap());

            List<Row> produce = ours.stream().filter(r -> get(r, "kafka_api_key").equals(0)).toList();
            short produceVersion = ApiKeys.PRODUCE.latestVersion();
            assertThat(produce).as("one Produce per record (sent one at a time)").hasSize(RECORDS).allSatisfy(r -> {
                assertThat(get(r, "method")).isEqualTo("Produce");
                assertThat(get(r, "kafka_api_version")).as("the newest both sides speak").isEqualTo((int) produceVersion);
                assertThat(get(r, "kafka_client_id")).isEqualTo(PRODUCER);
                assertThat(get(r, "target")).as("named from Produce v13 on by topic id only")
                        .isEqualTo(produceVersion >= 13 ? null : TOPIC);
                assertThat(get(r, "status")).as("error code").isEqualTo(0);
                assertThat((Double) get(r, "latency_ms")).isPositive();
            });
            assertThat(ours).as("each client asks for the topic's metadata by name").filteredOn(r ->
                    get(r, "kafka_api_key").equals(3) && TOPIC.equals(get(r, "target")) && Integer.valueOf(0).equals(get(r, "status")))
                    .extracting(r -> get(r, "kafka_client_id")).contains(PRODUCER, CONSUMER);
            assertThat(ours).as("the consumer looks up the start offset and fetches").extracting(r -> get(r, "method"))
                    .contains("ListOffsets", "Fetch");
            assertThat(ours).extracting(r -> get(r, "kafka_client_id")).containsOnly(PRODUCER, CONSUMER);
            assertThat(ours).as("headers, topics and error codes within the default payload cap")
                    .allSatisfy(r -> assertThat(get(r, "partial")).isEqualTo(0));

            Map<Object, List<Row>> byConnection = ours.stream().collect(Collectors.groupingBy(r -> get(r, "flow_id")));
            assertThat(byConnection).as("each client's bootstrap connection and its connection to broker 1").hasSize(4);
            byConnection.values().forEach(c -> {
                assertThat(get(c.getFirst(), "method")).as("a connection's first request").isEqualTo("ApiVersions");
            });
            // a client numbers requests when it makes them, not when it sends them: a ListOffsets made while the
            // connection to broker 1 opened goes out after that connection's ApiVersions, which has the next id
            for (String client : List.of(PRODUCER, CONSUMER)) {
                assertThat(ours).filteredOn(r -> client.equals(get(r, "kafka_client_id")))
                        .extracting(r -> get(r, "kafka_correlation_id")).as("one counter per client, across its connections")
                        .doesNotHaveDuplicates().contains(0);
            }
        }
    }

    /**
     * Our exchanges against tshark's Kafka dissector (Wireshark 4.0.17): the request header (api key, version,
     * correlation id, client id) of every request, exactly, and the first error code of every response tshark links
     * to its request. Wireshark 4.0 knows the versions of its time (ApiVersions v0-3, Produce v0-8, Fetch v0-11,
     * ListOffsets v0-5, Metadata v0-9, InitProducerId v0-3) and kafka-clients 4.3 speaks newer ones: it still reads
     * every request header, but calls Produce v13, Fetch v18 and ListOffsets v11 requests malformed and shows their
     * responses as "request missing" (counted here instead), reads Metadata v13 bodies with the v9 layout (its error
     * codes are not compared) and no topic names at all, so the topics are asserted by what the clients send.
     */
    private static void assertAgreesWithTshark(List<Row> ours, Path pcap) {
        List<String> requests = new ArrayList<>();
        Map<String, String> errors = new java.util.HashMap<>();
        Map<String, String> headerOfFrame = new java.util.HashMap<>();
        int requestMissing = 0;
        for (String[] f : TsharkOracle.fields(pcap, "kafka", "frame.number", "kafka.request_frame", "kafka.api_key",
                "kafka.api_version", "kafka.correlation_id", "kafka.client_id", "kafka.error")) {
            if (f[2].isEmpty()) {
                requestMissing++; // a response whose request tshark could not dissect
            } else if (f[1].isEmpty()) {
                String header = f[2] + " " + f[3] + " " + f[4] + " " + f[5];
                requests.add(header);
                headerOfFrame.put(f[0], header);
            } else if (!f[2].equals("3")) {
                errors.put(headerOfFrame.get(f[1]), f[6].split(",", -1)[0]);
            }
        }
        assertThat(ours.stream().map(KafkaLiveKernelTest::requestHeader).sorted().toList())
                .as("every request header, as tshark's").isEqualTo(requests.stream().sorted().toList());
        assertThat(errors).as("responses tshark links").isNotEmpty();
        errors.forEach((header, error) -> assertThat(ours).filteredOn(r -> requestHeader(r).equals(header))
                .singleElement().satisfies(r -> assertThat(String.valueOf(get(r, "status"))).as(header).isEqualTo(error)));
        assertThat(ours).as("tshark's \"request missing\" responses: those of Produce, Fetch and ListOffsets")
                .filteredOn(r -> get(r, "response_ms") != null && List.of(0, 1, 2).contains(get(r, "kafka_api_key")))
                .hasSize(requestMissing);
    }

    private static String requestHeader(Row r) {
        return get(r, "kafka_api_key") + " " + get(r, "kafka_api_version") + " " + get(r, "kafka_correlation_id")
                + " " + get(r, "kafka_client_id");
    }

    private static void createTopic(String bootstrap) throws Exception {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrap);
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            admin.describeTopics(List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS);
        }
    }

    private static void produce(String bootstrap) throws Exception {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrap);
        p.setProperty("client.id", PRODUCER);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int i = 1; i <= RECORDS; i++) {
                producer.send(new ProducerRecord<>(TOPIC, "k" + i, "order-" + i)).get(10, TimeUnit.SECONDS);
            }
        }
    }

    private static List<String> consume(String bootstrap) {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrap);
        p.setProperty("client.id", CONSUMER);
        p.setProperty("enable.auto.commit", "false");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(TOPIC, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(6).toNanos();
            while (values.size() < RECORDS && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }
}
