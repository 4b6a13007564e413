package io.flowlens.job.l7.kafka;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

/**
 * One request and response per API and version that kafka-clients can write, with topic "orders" (where the request
 * names one by name) and error code {@link #ERROR} where the response's first error code sits.
 */
final class KafkaExchanges {
    static final short ERROR = 3; // UNKNOWN_TOPIC_OR_PARTITION
    static final String TOPIC = "orders";

    record Exchange(ApiKeys api, short version, byte[] request, byte[] response, String expectedTopic) {
        @Override
        public String toString() {
            return api.name + " v" + version;
        }
    }

    private KafkaExchanges() {}

    static List<Exchange> all() {
        List<Exchange> out = new ArrayList<>();
        for (ApiKeys api : List.of(ApiKeys.API_VERSIONS, ApiKeys.METADATA, ApiKeys.PRODUCE, ApiKeys.FETCH,
                ApiKeys.FIND_COORDINATOR, ApiKeys.JOIN_GROUP)) {
            for (short v = api.oldestVersion(); v <= api.latestVersion(true); v++) {
                int correlationId = 1000 + api.id * 100 + v;
                boolean byName = switch (api) {
                    case PRODUCE, FETCH -> v < 13;
                    case METADATA -> true;
                    default -> false;
                };
                out.add(new Exchange(api, v, KafkaBytes.request(request(api, v), v, correlationId, "client-" + v),
                        KafkaBytes.response(response(api, v), v, correlationId), byName ? TOPIC : null));
            }
        }
        return out;
    }

    private static ApiMessage request(ApiKeys api, short v) {
        Uuid id = Uuid.fromString("AAAAAAAAAAAAAAAAAAAAAQ");
        return switch (api) {
            case API_VERSIONS -> new ApiVersionsRequestData().setClientSoftwareName(v >= 3 ? "flowlens" : "")
                    .setClientSoftwareVersion(v >= 3 ? "1" : "");
            case METADATA -> new MetadataRequestData().setTopics(List.of(
                    new MetadataRequestData.MetadataRequestTopic().setName(TOPIC).setTopicId(v >= 10 ? id : Uuid.ZERO_UUID)));
            case PRODUCE -> {
                var topics = new ProduceRequestData.TopicProduceDataCollection();
                topics.add(new ProduceRequestData.TopicProduceData().setName(v < 13 ? TOPIC : "")
                        .setTopicId(v >= 13 ? id : Uuid.ZERO_UUID).setPartitionData(
                                List.of(new ProduceRequestData.PartitionProduceData().setIndex(0))));
                yield new ProduceRequestData().setAcks((short) 1).setTimeoutMs(1000).setTopicData(topics);
            }
            case FETCH -> new FetchRequestData().setMaxWaitMs(500).setMinBytes(1).setTopics(List.of(
                    new FetchRequestData.FetchTopic().setTopic(v < 13 ? TOPIC : "").setTopicId(v >= 13 ? id : Uuid.ZERO_UUID)
                            .setPartitions(List.of(new FetchRequestData.FetchPartition().setPartition(0)))));
            case FIND_COORDINATOR -> v >= 4
                    ? new FindCoordinatorRequestData().setCoordinatorKeys(List.of("group-1"))
                    : new FindCoordinatorRequestData().setKey("group-1");
            case JOIN_GROUP -> new JoinGroupRequestData().setGroupId("group-1").setSessionTimeoutMs(10_000)
                    .setMemberId("").setProtocolType("consumer");
            default -> throw new IllegalArgumentException(api.name);
        };
    }

    private static ApiMessage response(ApiKeys api, short v) {
        Uuid id = Uuid.fromString("AAAAAAAAAAAAAAAAAAAAAQ");
        return switch (api) {
            case API_VERSIONS -> new ApiVersionsResponseData().setErrorCode(ERROR);
            case METADATA -> {
                var brokers = new MetadataResponseData.MetadataResponseBrokerCollection();
                brokers.add(new MetadataResponseData.MetadataResponseBroker().setNodeId(1).setHost("broker-1.example")
                        .setPort(9092).setRack(v >= 1 ? "rack-a" : null));
                var topics = new MetadataResponseData.MetadataResponseTopicCollection();
                topics.add(new MetadataResponseData.MetadataResponseTopic().setErrorCode(ERROR).setName(TOPIC)
                        .setTopicId(v >= 10 ? id : Uuid.ZERO_UUID));
                yield new MetadataResponseData().setBrokers(brokers).setClusterId(v >= 2 ? "cluster-x" : null)
                        .setControllerId(1).setTopics(topics);
            }
            case PRODUCE -> {
                var topics = new ProduceResponseData.TopicProduceResponseCollection();
                topics.add(new ProduceResponseData.TopicProduceResponse().setName(v < 13 ? TOPIC : "")
                        .setTopicId(v >= 13 ? id : Uuid.ZERO_UUID).setPartitionResponses(List.of(
                                new ProduceResponseData.PartitionProduceResponse().setIndex(0).setErrorCode(ERROR))));
                yield new ProduceResponseData().setResponses(topics);
            }
            case FETCH -> new FetchResponseData().setErrorCode(v >= 7 ? ERROR : 0).setResponses(List.of(
                    new FetchResponseData.FetchableTopicResponse().setTopic(v < 13 ? TOPIC : "")
                            .setTopicId(v >= 13 ? id : Uuid.ZERO_UUID).setPartitions(List.of(
                                    new FetchResponseData.PartitionData().setPartitionIndex(0).setErrorCode(ERROR)))));
            case FIND_COORDINATOR -> v >= 4
                    ? new FindCoordinatorResponseData().setCoordinators(List.of(
                            new FindCoordinatorResponseData.Coordinator().setKey("group-1").setNodeId(1)
                                    .setHost("broker-1.example").setPort(9092).setErrorCode(ERROR)))
                    : new FindCoordinatorResponseData().setErrorCode(ERROR).setHost("").setNodeId(-1);
            case JOIN_GROUP -> new JoinGroupResponseData().setErrorCode(ERROR).setProtocolName(v >= 7 ? null : "")
                    .setLeader("").setMemberId("");
            default -> throw new IllegalArgumentException(api.name);
        };
    }
}
