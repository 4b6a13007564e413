package io.flowlens.job.l7.kafka;

import static io.flowlens.job.l7.Segments.capped;
import static io.flowlens.job.l7.Segments.client;
import static io.flowlens.job.l7.Segments.run;
import static io.flowlens.job.l7.Segments.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.job.l7.L7Segment;
import io.flowlens.job.l7.Transaction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.message.MetadataRequestData;
import org.junit.jupiter.api.Test;

class KafkaSessionTest {
    private static final int KAFKA = L7Segment.KAFKA;

    @Test
    void everyVersionKafkaClientsWritesIsReadBack() {
        List<KafkaExchanges.Exchange> all = KafkaExchanges.all();
        assertThat(all).hasSizeGreaterThan(50);
        for (KafkaExchanges.Exchange e : all) {
            List<Transaction> out = run(new KafkaSession(), client(10, KAFKA, 1, e.request()),
                    server(25, KAFKA, 1, e.response()));
            assertThat(out).as(e.toString()).hasSize(1);
            Transaction t = out.getFirst();
            assertThat(t.method).as(e.toString()).isEqualTo(e.api().name);
            assertThat(t.kafkaApiKey).as(e.toString()).isEqualTo(e.api().id);
            assertThat(t.kafkaApiVersion).as(e.toString()).isEqualTo(e.version());
            assertThat(t.kafkaCorrelationId).as(e.toString()).isEqualTo(1000 + e.api().id * 100 + e.version());
            assertThat(t.kafkaClientId).as(e.toString()).isEqualTo("client-" + e.version());
            assertThat(t.target).as(e.toString()).isEqualTo(e.expectedTopic());
            assertThat(t.status).as(e.toString()).isEqualTo((int) KafkaExchanges.ERROR);
            assertThat(t.partial).as(e.toString()).isNull();
            assertThat(t.latencyNanos()).isEqualTo(15);
            assertThat(t.requestBytes).isEqualTo(e.request().length);
            assertThat(t.responseBytes).isEqualTo(e.response().length);
        }
    }

    @Test
    void everyPrefixLengthGivesTheFieldsThatFitOrNullNeverWrongOnes() {
        for (KafkaExchanges.Exchange e : KafkaExchanges.all()) {
            for (int qcut = 0; qcut <= e.request().length; qcut++) {
                for (int rcut = 0; rcut <= e.response().length; rcut += 3) {
                    String where = e + " request cut at " + qcut + ", response at " + rcut;
                    List<Transaction> out = run(new KafkaSession(), capped(client(10, KAFKA, 1, e.request()), qcut),
                            capped(server(25, KAFKA, 1, e.response()), rcut));
                    assertThat(out).as(where).hasSize(qcut < 8 ? 0 : 1);
                    if (qcut < 8) {
                        continue;
                    }
                    Transaction t = out.getFirst();
                    assertThat(t.kafkaApiKey).as(where).isEqualTo(e.api().id);
                    assertThat(t.kafkaClientId).as(where).isIn("client-" + e.version(), null);
                    assertThat(t.target).as(where).isIn(e.expectedTopic(), null);
                    assertThat(t.status).as(where).isIn((int) KafkaExchanges.ERROR, null);
                    boolean whole = qcut == e.request().length && rcut == e.response().length;
                    if (whole) {
                        assertThat(t.partial).as(where).isNull();
                    }
                    if (t.kafkaClientId == null || (t.target == null && e.expectedTopic() != null)
                            || (rcut >= 8 && t.status == null)) {
                        assertThat(t.partial).as(where + ": a field is missing, so partial").isTrue();
                    }
                }
            }
        }
    }

    @Test
    void segmentsInsideAMessageAndRepeatedStartsAreSkippedBySequenceNumber() {
        byte[] request = KafkaBytes.request(new MetadataRequestData().setTopics(null), (short) 1, 7, "c");
        byte[] big = Arrays.copyOf(request, 3000); // pretend the body runs on for 3000 bytes
        big[2] = (byte) ((3000 - 4) >>> 8);
        big[3] = (byte) (3000 - 4);
        KafkaSession session = new KafkaSession();
        List<Transaction> out = new ArrayList<>();
        session.onSegment(capped(client(1, KAFKA, 100, big), 128), out::add);
        session.onSegment(client(2, KAFKA, 100 + 1448, new byte[] {0, 0, 0, 20, 0, 3, 0, 1, 0, 0, 0, 9, 0, 0}), out::add);
        session.onSegment(capped(client(3, KAFKA, 100, big), 128), out::add); // retransmitted start
        assertThat(session.continuations()).isEqualTo(2);
        assertThat(session.outstanding()).isEqualTo(1);
        session.onSegment(client(4, KAFKA, 100 + 3000, request), out::add);
        assertThat(session.outstanding()).as("a new message at the boundary").isEqualTo(1); // same correlation id
        assertThat(out).hasSize(1).allMatch(t -> t.responseNanos == 0 && t.target == null);
    }

    @Test
    void responsesWithoutRequestsAreUnknownAndOutstandingIsBounded() {
        KafkaSession session = new KafkaSession();
        List<Transaction> out = new ArrayList<>();
        session.onSegment(server(1, KAFKA, 0, new byte[] {0, 0, 0, 6, 0, 0, 0, 5, 0, 0}), out::add);
        assertThat(session.unmatchedResponses()).isEqualTo(1);
        long seq = 0;
        for (int c = 0; c < 500; c++) {
            byte[] r = KafkaBytes.request(new MetadataRequestData().setTopics(null), (short) 1, c, "c");
            session.onSegment(client(c, KAFKA, seq, r), out::add);
            seq += r.length;
        }
        assertThat(session.outstanding()).isEqualTo(KafkaSession.MAX_OUTSTANDING);
        assertThat(out).hasSize(500 - KafkaSession.MAX_OUTSTANDING);
    }
}
