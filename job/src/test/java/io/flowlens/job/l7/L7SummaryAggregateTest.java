package io.flowlens.job.l7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

/** How one flow window's transactions fold into its L7 columns (docs/features.md, "How the L7 columns ..."). */
class L7SummaryAggregateTest {
    private final TransactionRows rows = new TransactionRows();
    private final SegmentEvent flow = flow();

    @Test
    void latestExchangeNamesTheWindowAndCountsCoverEveryExchange() {
        List<Row> window = new ArrayList<>();
        window.add(row(http("http", "GET", "/a", 200, 1_000, 3.0)));
        window.add(row(http("http2", "POST", "/b", 404, 3_000, 5.0)));
        window.add(row(http("http", "GET", "/c", 503, 2_000, 1.0))); // completes last, but was requested earlier
        L7Summary s = fold(window);

        assertThat(s.httpMethod).as("the exchange with the latest request").isEqualTo("POST");
        assertThat(s.httpUrl).isEqualTo("/b");
        assertThat(s.httpStatus).isEqualTo(404);
        assertThat(s.protocol).isEqualTo("http2");
        assertThat(new long[] {s.http2xx, s.http4xx, s.http5xx}).as("HTTP/1.x and HTTP/2 by class")
                .containsExactly(1, 1, 1);
        assertThat(s.requests).isEqualTo(3);
        assertThat(s.failures).as("only the 503 failed").isEqualTo(1);
        assertThat(s.httpLatencySumMs / s.httpLatencyCount).isCloseTo(3.0, within(1e-9));
        assertThat(s.latencyP95Ms()).as("nearest rank of 1, 3, 5").isEqualTo(5.0);
    }

    @Test
    void grpcAndDnsKeepTheirOwnLatestValues() {
        Transaction grpc = http("grpc", "POST", "/pkg.Svc/Get", 5, 1_000, 2.0);
        Transaction dns = http("dns", "QUERY", "example.test", 3, 2_000, 0.5);
        dns.dnsAnswers = 0;
        L7Summary s = fold(List.of(row(grpc), row(dns)));
        assertThat(s.grpcMethod).isEqualTo("/pkg.Svc/Get");
        assertThat(s.grpcStatus).isEqualTo(5);
        assertThat(s.dnsQueryName).isEqualTo("example.test");
        assertThat(s.dnsRcode).isEqualTo(3);
        assertThat(s.dnsAnswers).isZero();
        assertThat(s.protocol).as("the latest request of all").isEqualTo("dns");
        assertThat(s.failures).as("grpc-status 5 and NXDOMAIN both failed").isEqualTo(2);
        assertThat(s.http2xx + s.http4xx + s.http5xx).as("gRPC is not counted as HTTP responses").isZero();
    }

    private L7Summary fold(List<Row> window) {
        L7SummaryAggregate agg = new L7SummaryAggregate();
        L7Summary s = agg.createAccumulator();
        for (Row r : window) {
            s = agg.add(r, s);
        }
        return agg.getResult(s);
    }

    private Row row(Transaction t) {
        return rows.toRow(flow, t, 0);
    }

    private static Transaction http(String protocol, String method, String target, int status, long requestMs,
                                    double latencyMs) {
        Transaction t = new Transaction();
        t.protocol = protocol;
        t.method = method;
        t.target = target;
        t.status = status;
        t.requestNanos = requestMs * 1_000_000L;
        t.responseNanos = t.requestNanos + (long) (latencyMs * 1e6);
        return t;
    }

    private static SegmentEvent flow() {
        SegmentEvent e = new SegmentEvent();
        e.flowId = "f";
        e.node = "n";
        e.srcIp = "198.18.0.1";
        e.dstIp = "198.18.0.2";
        e.srcPort = 40000;
        e.dstPort = 80;
        e.ipProtocol = 6;
        return e;
    }
}
