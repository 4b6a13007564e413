package io.flowlens.job.tcp;

import static io.flowlens.job.tcp.TcpAnalysisFlags.*;
import static io.flowlens.job.tcp.TcpFlags.ACK;
import static io.flowlens.job.tcp.TcpFlags.FIN;
import static io.flowlens.job.tcp.TcpFlags.PSH;
import static io.flowlens.job.tcp.TcpFlags.RST;
import static io.flowlens.job.tcp.TcpFlags.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Hand-built packet sequences, each exercising one of Wireshark's TCP analysis rules or a connection event. */
class TcpFlowAnalyzerTest {

    @Test
    void cleanConnectionHasNoFlagsAndIsEstablished() {
        Dialogue d = new Dialogue(1000, 5000).handshake();
        assertThat(d.after(1).client(ACK | PSH, 100)).isZero();
        assertThat(d.after(5).server(ACK | PSH, 1400)).isZero();
        assertThat(d.after(1).client(ACK, 0)).isZero();

        TcpSliceCounters c = d.drain();
        assertThat(c.packets()).isEqualTo(6);
        assertThat(c.dataPackets()).isEqualTo(2);
        assertThat(c.retransmissions() + c.outOfOrder() + c.zeroWindows()).isZero();
        assertThat(c.state()).isEqualTo(ConnectionState.ESTABLISHED);
        assertThat(c.syns()).isEqualTo(1);
        assertThat(c.synAcks()).isEqualTo(1);
        assertThat(c.halfOpen()).isFalse();
        assertThat(d.analyzer.handshakeRttNanos()).as("SYN to the handshake's ACK").isEqualTo(2_000_000);
        assertThat(d.analyzer.synToSynAckNanos()).isEqualTo(1_000_000);
    }

    @Test
    void handshakeResentBothWaysAfterALostSynAck() {
        // seen on a lossy link: the SYN-ACK is lost after the capture point, the client resends its SYN, the server
        // answers it and its own timer resends the SYN-ACK as well
        Dialogue d = new Dialogue(1000, 5000);
        d.client(SYN, 0, 1000, Dialogue.WINDOW);
        d.after(0.05).server(SYN | ACK, 0, 5000, Dialogue.WINDOW);
        d.after(1000).client(SYN, 0, 1000, Dialogue.WINDOW);
        d.after(0.05).server(SYN | ACK, 0, 5000, Dialogue.WINDOW);
        d.after(0.5).server(SYN | ACK, 0, 5000, Dialogue.WINDOW);
        d.after(0.05).client(ACK, 0);
        TcpSliceCounters c = d.drain();
        assertThat(c.syns()).isEqualTo(2);
        assertThat(c.synAcks()).isEqualTo(3);
        assertThat(c.retransmissions()).as("the second SYN and the second and third SYN-ACK").isEqualTo(3);
    }

    @Test
    void resendAfterTheOutOfOrderThresholdIsARetransmission() {
        Dialogue d = new Dialogue(1000, 5000).handshake();
        long seq = d.clientSeq;
        d.after(1).client(ACK | PSH, 100);
        // the handshake RTT (2 ms) is the out-of-order threshold: 200 ms later it can only be a resend
        assertThat(d.after(200).client(ACK | PSH, 100, seq, Dialogue.WINDOW)).isEqualTo(RETRANSMISSION);
        assertThat(d.after(400).client(ACK | PSH, 100, seq, Dialogue.WINDOW)).isEqualTo(RETRANSMISSION);
        TcpSliceCounters c = d.drain();
        assertThat(c.retransmissions()).isEqualTo(2);
        assertThat(c.maxConsecutiveRetransmissions()).isEqualTo(2);
        assertThat(c.retransmissionRate()).isEqualTo(2.0 / 6);
    }

    @Test
    void earlierSegmentArrivingWithinTheRttIsOutOfOrder() {
        Dialogue d = new Dialogue(1000, 5000).handshake();
        long first = d.clientSeq;
        d.after(1).client(ACK | PSH, 100, first + 100, Dialogue.WINDOW);
        int a = d.after(0.5).client(ACK | PSH, 100, first, Dialogue.WINDOW);
        assertThat(a).isEqualTo(OUT_OF_ORDER);
        assertThat(d.drain().outOfOrder()).isEqualTo(1);
    }

    @Test
    void resendRightAfterTwoDuplicateAcksIsAFastRetransmission() {
        Dialogue d = new Dialogue(1000, 5000).handshake();
        long lost = d.serverSeq;
        d.after(1).server(ACK | PSH, 1000, lost + 1000, Dialogue.WINDOW); // the first 1000 bytes never arrive
        assertThat(d.after(10).clientAcks(lost)).as("repeats the handshake's ACK").isEqualTo(DUPLICATE_ACK);
        d.after(0.1).server(ACK | PSH, 1000, lost + 2000, Dialogue.WINDOW);
        assertThat(d.after(10).clientAcks(lost)).isEqualTo(DUPLICATE_ACK);
        assertThat(d.after(0.1).clientAcks(lost)).isEqualTo(DUPLICATE_ACK);
        int a = d.after(1).server(ACK | PSH, 1000, lost, Dialogue.WINDOW);
        assertThat(a).isEqualTo(FAST_RETRANSMISSION);
        TcpSliceCounters c = d.drain();
        assertThat(c.retransmissions()).as("tshark counts fast retransmissions as retransmissions").isEqualTo(1);
        assertThat(c.fastRetransmissions()).isEqualTo(1);
        assertThat(c.duplicateAcks()).isEqualTo(3);
    }

    @Test
    void resendOfAcknowledgedDataIsSpurious() {
        Dialogue d = new Dialogue(1000, 5000).handshake();
        long seq = d.serverSeq;
        d.after(1).server(ACK | PSH, 500);
        d.after(5).client(ACK, 0);
        int a = d.after(300).server(ACK | PSH, 500, seq, Dialogue.WINDOW);
        assertThat(a).isEqualTo(SPURIOUS_RETRANSMISSION);
        TcpSliceCounters c = d.drain();
        assertThat(c.retransmissions()).isEqualTo(1);
        assertThat(c.spuriousRetransmissions()).isEqualTo(1);
        assertThat(c.lossRate()).as("a spurious resend lost nothing").isZero();
    }

    @Test
    void resendOfAcknowledgedDataWithinTheRttIsSpuriousNotOutOfOrder() {
        // Wireshark 4.0 tests for spurious retransmission before out-of-order
        Dialogue d = new Dialogue(1000, 5000).handshake();
        long first = d.serverSeq;
        d.after(1).server(ACK | PSH, 100);
        d.after(0.1).server(ACK | PSH, 100);
        d.after(0.1).client(ACK, 0);
        assertThat(d.after(0.1).server(ACK | PSH, 100, first, Dialogue.WINDOW)).isEqualTo(SPURIOUS_RETRANSMISSION);
    }

    @Test
    void sameSeqAndAckWithANewWindowIsAWindowUpdateNotADuplicateAck() {
        Dialogue d = new Dialogue(1000, 5000).handshake();
        d.after(1).server(ACK | PSH, 1000);
        d.after(1).client(ACK, 0, d.clientSeq, 1000);
        assertThat(d.after(1).client(ACK, 0, d.clientSeq, 30000)).isEqualTo(WINDOW_UPDATE);
        assertThat(d.after(1).client(ACK, 0, d.clientSeq, 30000)).isEqualTo(DUPLICATE_ACK);
        assertThat(d.drain().duplicateAcks()).isEqualTo(1);
    }

    @Test
    void ackForDataTheCaptureMissedIsAckedUnseen() {
        Dialogue d = new Dialogue(1000, 5000).handshake();
        d.after(1).server(ACK | PSH, 100);
        d.serverSeq += 100; // the server's next 100 bytes pass the capture point unseen
        assertThat(d.after(1).client(ACK, 0)).isEqualTo(ACKED_UNSEEN);
        assertThat(d.after(1).client(ACK, 0)).as("repeating that ACK flags the same gap no more")
                .isEqualTo(DUPLICATE_ACK);
        assertThat(d.after(1).server(ACK | PSH, 100)).isEqualTo(LOST_SEGMENT);
        assertThat(d.after(1).client(ACK, 0)).as("a new ACK still beyond what was seen").isEqualTo(ACKED_UNSEEN);
        assertThat(d.drain().lostSegments()).isEqualTo(1);
    }

    @Test
    void keepAliveIsNotARetransmission() {
        Dialogue d = new Dialogue(1000, 5000).handshake();
        d.after(1).client(ACK | PSH, 10);
        d.after(1).server(ACK, 0);
        long keepAliveSeq = d.clientSeq - 1;
        assertThat(d.after(60_000).client(ACK, 0, keepAliveSeq, Dialogue.WINDOW)).isEqualTo(KEEP_ALIVE);
        assertThat(d.after(1).server(ACK, 0)).isEqualTo(KEEP_ALIVE_ACK);
        assertThat(d.after(60_000).client(ACK, 1, keepAliveSeq, Dialogue.WINDOW))
                .as("the one-garbage-byte form too").isEqualTo(KEEP_ALIVE);
        TcpSliceCounters c = d.drain();
        assertThat(c.retransmissions()).isZero();
        assertThat(c.keepAlives()).isEqualTo(2);
    }

    @Test
    void zeroWindowIsCountedAndTimedUntilTheWindowOpens() {
        Dialogue d = new Dialogue(1000, 5000).handshake();
        d.after(1).server(ACK | PSH, 1000);
        assertThat(d.after(1).client(ACK, 0, d.clientSeq, 0)).isEqualTo(ZERO_WINDOW);
        // the sender probes with one byte at the next sequence number; the receiver answers still closed
        long probeSeq = d.serverSeq;
        assertThat(d.after(200).server(ACK, 1, probeSeq, Dialogue.WINDOW)).isEqualTo(ZERO_WINDOW_PROBE);
        assertThat(d.after(1).clientAcks(probeSeq, 0)).as("the probe byte is not accepted; still a zero window")
                .isEqualTo(ZERO_WINDOW | ZERO_WINDOW_PROBE_ACK);
        assertThat(d.after(400).server(ACK, 1, probeSeq, Dialogue.WINDOW))
                .as("a second probe of the same byte is no retransmission").isEqualTo(ZERO_WINDOW_PROBE);
        d.after(99);
        TcpSliceCounters first = d.drain();
        assertThat(first.zeroWindows()).as("tshark flags the probe's ACK as a zero window too").isEqualTo(2);
        assertThat(first.zeroWindowNanos()).as("open at the slice end: counted up to it").isEqualTo(700_000_000);

        d.after(300).client(ACK, 0, d.clientSeq, 1000); // window update opens it
        TcpSliceCounters second = d.drain();
        assertThat(second.zeroWindowNanos()).as("carried on from the slice boundary").isEqualTo(300_000_000);
        assertThat(second.zeroWindows()).isZero();
        assertThat(first.retransmissions() + second.retransmissions()).isZero();
    }

    @Test
    void sequenceNumbersWrapAround() {
        Dialogue d = new Dialogue(0xFFFF_FF00L, 0xFFFF_FFFFL).handshake();
        long beforeWrap = d.clientSeq;
        for (int i = 0; i < 4; i++) {
            assertThat(d.after(1).client(ACK | PSH, 100)).as("segment %d crosses 2^32 cleanly", i).isZero();
            assertThat(d.after(1).server(ACK, 0)).isZero();
        }
        assertThat(d.clientSeq).as("the test really wrapped").isLessThan(beforeWrap);
        long lastSegment = (d.clientSeq - 100) & 0xFFFFFFFFL;
        assertThat(d.after(300).client(ACK | PSH, 100, lastSegment, Dialogue.WINDOW))
                .as("resend of data just acked, after the wrap").isEqualTo(SPURIOUS_RETRANSMISSION);
        assertThat(d.after(300).server(ACK | PSH, 10)).as("server's data starts at seq 0 after its SYN at 2^32-1")
                .isZero();
        assertThat(d.drain().retransmissions()).isEqualTo(1);
    }

    @Test
    void resetEndsTheConnection() {
        Dialogue d = new Dialogue(1000, 5000).handshake();
        d.after(1).client(ACK | PSH, 100);
        d.after(1).server(RST | ACK, 0);
        assertThat(d.analyzer.state()).isEqualTo(ConnectionState.RESET);
        assertThat(d.drain().state()).isEqualTo(ConnectionState.RESET);
    }

    @Test
    void finInBothDirectionsClosesAndAResentFinIsARetransmission() {
        Dialogue d = new Dialogue(1000, 5000).handshake();
        long fin = d.clientSeq;
        assertThat(d.after(1).client(FIN | ACK, 0)).isZero();
        assertThat(d.analyzer.state()).isEqualTo(ConnectionState.CLOSING);
        assertThat(d.after(300).client(FIN | ACK, 0, fin, Dialogue.WINDOW)).as("FIN uses a sequence number")
                .isEqualTo(RETRANSMISSION);
        assertThat(d.after(1).server(FIN | ACK, 0)).isZero();
        assertThat(d.after(1).client(ACK, 0)).isZero();
        assertThat(d.analyzer.state()).isEqualTo(ConnectionState.CLOSED);
    }

    @Test
    void unansweredSynsAreHalfOpenAndResentSynsAreRetransmissions() {
        Dialogue d = new Dialogue(1000, 5000);
        assertThat(d.client(SYN, 0)).isZero();
        assertThat(d.after(1000).client(SYN, 0, 1000, Dialogue.WINDOW)).isEqualTo(RETRANSMISSION);
        TcpSliceCounters c = d.drain();
        assertThat(c.syns()).isEqualTo(2);
        assertThat(c.synAcks()).isZero();
        assertThat(c.synToSynAckRatio()).isEqualTo(2.0);
        assertThat(c.halfOpen()).isTrue();
        assertThat(c.state()).isEqualTo(ConnectionState.NEW);
        assertThat(d.analyzer.startsNewConnection(true, SYN, 1000)).as("same ISN: same connection").isFalse();
        assertThat(d.analyzer.startsNewConnection(true, SYN, 777)).as("new ISN: port reuse").isTrue();
    }

    @Test
    void rttIsSampledFromDataAndTheAckCoveringIt() {
        Dialogue d = new Dialogue(1000, 5000).handshake();
        d.drain();
        d.after(1).server(ACK | PSH, 100);
        d.after(4).client(ACK, 0);
        d.after(1).server(ACK | PSH, 100);
        d.after(6).client(ACK, 0);
        TcpSliceCounters c = d.drain();
        assertThat(c.rttSamples()).isEqualTo(2);
        assertThat(c.meanRttNanos()).isEqualTo(5_000_000);
        // jitter carries on from the handshake's last sample (SYN-ACK to ACK, 1 ms): (|4-1| + |6-4|) / 2
        assertThat(c.rttJitterNanos()).isEqualTo(2_500_000);
    }

    @Test
    void retransmittedSegmentGivesNoRttSample() {
        Dialogue d = new Dialogue(1000, 5000).handshake();
        d.drain();
        long seq = d.serverSeq;
        d.after(1).server(ACK | PSH, 100);
        d.after(300).server(ACK | PSH, 100, seq, Dialogue.WINDOW);
        d.after(4).client(ACK, 0);
        assertThat(d.drain().rttSamples()).as("Karn's rule").isZero();
    }

    @Test
    void firstPacketSynAckMeansItsReceiverInitiated() {
        assertThat(TcpFlowAnalyzer.initiatorSent(SYN)).isTrue();
        assertThat(TcpFlowAnalyzer.initiatorSent(ACK | PSH)).isTrue();
        assertThat(TcpFlowAnalyzer.initiatorSent(SYN | ACK)).isFalse();
    }

    @Test
    void gsoSuperPacketCountsAsItsWirePackets() {
        Dialogue d = new Dialogue(1000, 5000).handshake();
        d.drain();
        long seq = d.clientSeq;
        TcpFlowAnalyzer analyzer = d.analyzer;
        analyzer.onPacket(true, d.after(1).now(), seq, d.serverSeq, ACK | PSH, Dialogue.WINDOW, 3 * 1448, 3);
        int a = analyzer.onPacket(true, d.after(300).now(), seq, d.serverSeq, ACK | PSH, Dialogue.WINDOW, 3 * 1448, 3);
        assertThat(a).isEqualTo(RETRANSMISSION);
        TcpSliceCounters c = d.drain();
        assertThat(c.packets()).isEqualTo(6);
        assertThat(c.retransmissions()).isEqualTo(3);
        assertThat(c.maxConsecutiveRetransmissions()).isEqualTo(3);
    }
}
