package io.flowlens.job.features;

import static io.flowlens.job.tcp.TcpFlags.ACK;
import static io.flowlens.job.tcp.TcpFlags.FIN;
import static io.flowlens.job.tcp.TcpFlags.PSH;
import static io.flowlens.job.tcp.TcpFlags.SYN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flowlens.job.schema.FlowSchema;
import io.flowlens.job.tcp.Dialogue;
import io.flowlens.job.tcp.RawIpCapture;
import io.flowlens.sources.bpf.KernelTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hand-built TCP connection across a window boundary, replayed through the whole pipeline: every count, size,
 * rate, gap and state of both rows is known in advance.
 */
@KernelTest
class HandBuiltFlowFeaturesKernelTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    @TempDir
    Path tmp;

    @Test
    void aConnectionSpanningTwoWindows() throws Exception {
        Dialogue d = new Dialogue(1000, 5000); // starts exactly on a 5 s window boundary
        long t0 = d.now();
        d.handshake();                         // SYN @0, SYN-ACK @1, ACK @2 ms
        d.after(98).client(PSH | ACK, 100);    // @100
        d.after(1).server(ACK, 0);             // @101
        d.after(4898).client(PSH | ACK, 200);  // @4999: last packet of window 0
        d.after(2).server(PSH | ACK, 300);     // @5001: window 1
        d.after(1).client(ACK, 0);             // @5002
        d.after(998).client(FIN | ACK, 0);     // @6000
        d.after(1).server(FIN | ACK, 0);       // @6001
        d.after(1).client(ACK, 0);             // @6002
        Path pcap = tmp.resolve("spanning.pcap");
        RawIpCapture.write(pcap, d.sent);

        List<Row> rows = rows(pcap);
        assertThat(rows).hasSize(2);
        Row w0 = rows.get(0), w1 = rows.get(1);
        long startMs = t0 / 1_000_000;

        assertThat(get(w0, "window_start_ms")).isEqualTo(startMs);
        assertThat(get(w0, "timestamp")).isEqualTo(startMs / 1000);
        assertThat(get(w0, "src_ip")).isEqualTo("10.0.0.1");
        assertThat(get(w0, "dst_port")).isEqualTo(80);
        assertThat(get(w0, "packet_count")).isEqualTo(6L);
        assertThat(get(w0, "forward_packets")).isEqualTo(4L);
        assertThat(get(w0, "backward_packets")).isEqualTo(2L);
        assertThat(get(w0, "forward_bytes")).isEqualTo(40L + 40 + 140 + 240);
        assertThat(get(w0, "backward_bytes")).isEqualTo(80L);
        assertThat(get(w0, "byte_count")).isEqualTo(540L);
        assertThat(get(w0, "min_packet_size")).isEqualTo(40L);
        assertThat(get(w0, "max_packet_size")).isEqualTo(240L);
        assertThat(dbl(w0, "avg_packet_size")).isCloseTo(90.0, within(1e-9));
        assertThat(dbl(w0, "packet_size_variance"))
                .isCloseTo((4 * 40 * 40 + 140 * 140 + 240 * 240) / 6.0 - 90.0 * 90.0, within(1e-6));
        assertThat(dbl(w0, "packets_per_second")).isCloseTo(6 / 4.999, within(1e-9));
        assertThat(dbl(w0, "bytes_per_second")).isCloseTo(540 / 4.999, within(1e-9));
        assertThat(dbl(w0, "inter_arrival_time_mean")).isCloseTo(4999 / 5.0, within(1e-9));
        assertThat(dbl(w0, "flow_duration")).isCloseTo(4.999, within(1e-9));
        assertThat(get(w0, "syn_count")).isEqualTo(1L);
        assertThat(get(w0, "syn_ack_count")).isEqualTo(1L);
        assertThat(get(w0, "ack_count")).isEqualTo(5L);
        assertThat(get(w0, "psh_count")).isEqualTo(2L);
        assertThat(get(w0, "fin_count")).isEqualTo(0L);
        assertThat(get(w0, "connection_state")).isEqualTo("ESTABLISHED");
        assertThat(dbl(w0, "handshake_rtt_ms")).isCloseTo(2.0, within(1e-9));
        assertThat(get(w0, "half_open_connections")).isEqualTo(0L);
        assertThat(get(w0, "retransmission_count")).isEqualTo(0L);

        assertThat(get(w1, "window_start_ms")).isEqualTo(startMs + 5000);
        assertThat(get(w1, "flow_id")).isEqualTo(get(w0, "flow_id"));
        assertThat(get(w1, "packet_count")).isEqualTo(5L);
        assertThat(get(w1, "forward_packets")).isEqualTo(3L);
        assertThat(get(w1, "backward_bytes")).isEqualTo(340L + 40);
        assertThat(get(w1, "fin_count")).isEqualTo(2L);
        assertThat(get(w1, "connection_state")).isEqualTo("CLOSED");
        assertThat(dbl(w1, "flow_duration")).as("from the connection's first packet").isCloseTo(6.002, within(1e-9));
        assertThat(dbl(w1, "inter_arrival_time_mean")).isCloseTo(1001 / 4.0, within(1e-9));
        assertThat(get(w1, "connection_start_ms")).isEqualTo(startMs);
        assertThat(get(w1, "syn_count")).isEqualTo(0L);
    }

    private static Object get(Row r, String column) {
        return r.getField(FlowSchema.FLOWS.index(column));
    }

    private static double dbl(Row r, String column) {
        return (Double) get(r, column);
    }

    private static List<Row> rows(Path pcap) throws Exception {
        List<Row> out = new ArrayList<>(ReplayRun.rows(pcap, Duration.ofSeconds(5), 1));
        out.sort(Comparator.comparing(r -> (Long) get(r, "window_start_ms")));
        return out;
    }
}
