package io.flowlens.job.window;

import io.flowlens.job.flow.FlowSlice;
import java.util.TreeSet;
import org.apache.flink.api.common.functions.AggregateFunction;

/**
 * Merges a flow's slices of one window (from several nodes, capture files or a reader's checkpoint split) into one.
 * Counts add up; extremes take the extreme; the gap between two slices joins their inter-arrival statistics;
 * state at the window's end is the later slice's.
 */
public final class SliceMerger implements AggregateFunction<FlowSlice, FlowSlice, FlowSlice> {
    @Override
    public FlowSlice createAccumulator() {
        return new FlowSlice();
    }

    @Override
    public FlowSlice add(FlowSlice value, FlowSlice acc) {
        return merge(acc, value);
    }

    @Override
    public FlowSlice getResult(FlowSlice acc) {
        return acc;
    }

    @Override
    public FlowSlice merge(FlowSlice a, FlowSlice b) {
        if (a.flowId == null) {
            return b;
        }
        if (b.flowId == null) {
            return a;
        }
        FlowSlice early = a.firstNs <= b.firstNs ? a : b, late = early == a ? b : a;
        FlowSlice m = early;
        if (late.firstNs >= early.lastNs) {
            long gap = late.firstNs - early.lastNs;
            m.gapCount += 1;
            m.gapSumNs += gap;
            m.gapSumSquaresNs += (double) gap * gap;
        }
        m.gapCount += late.gapCount;
        m.gapSumNs += late.gapSumNs;
        m.gapSumSquaresNs += late.gapSumSquaresNs;
        m.interfaces = union(early.interfaces, late.interfaces);
        if (!early.node.equals(late.node) && !("," + early.node + ",").contains("," + late.node + ",")) {
            m.node = early.node + "," + late.node;
        }
        m.l7Classes |= late.l7Classes;
        m.fwdPackets += late.fwdPackets;
        m.bwdPackets += late.bwdPackets;
        m.fwdBytes += late.fwdBytes;
        m.bwdBytes += late.bwdBytes;
        m.minSize = Math.min(early.minSize, late.minSize);
        m.maxSize = Math.max(early.maxSize, late.maxSize);
        m.sumSizeSquares += late.sumSizeSquares;
        m.lastNs = Math.max(early.lastNs, late.lastNs);
        m.connectionStartNs = Math.min(early.connectionStartNs, late.connectionStartNs);
        m.syn += late.syn; m.synAck += late.synAck; m.fin += late.fin; m.rst += late.rst; m.psh += late.psh;
        m.ack += late.ack; m.urg += late.urg; m.ece += late.ece; m.cwr += late.cwr;
        m.retransmissions += late.retransmissions;
        m.spuriousRetransmissions += late.spuriousRetransmissions;
        m.outOfOrder += late.outOfOrder;
        m.zeroWindow += late.zeroWindow;
        m.zeroWindowNs += late.zeroWindowNs;
        m.maxConsecutiveRetransmissions = Math.max(early.maxConsecutiveRetransmissions, late.maxConsecutiveRetransmissions);
        m.dataSegments += late.dataSegments;
        m.retransmittedDataSegments += late.retransmittedDataSegments;
        if (m.handshakeRttNs < 0) {
            m.handshakeRttNs = late.handshakeRttNs;
        }
        m.rttSamples += late.rttSamples;
        m.rttSumNs += late.rttSumNs;
        m.rttJitterSamples += late.rttJitterSamples;
        m.rttJitterSumNs += late.rttJitterSumNs;
        if (late.connectionState >= 0) {
            m.connectionState = late.connectionState;
            m.halfOpen = late.halfOpen;
        }
        m.echoRttSamples += late.echoRttSamples;
        m.echoRttSumNs += late.echoRttSumNs;
        m.icmpUnreachable += late.icmpUnreachable;
        m.icmpTimeExceeded += late.icmpTimeExceeded;
        return m;
    }

    private static String union(String a, String b) {
        if (a.equals(b) || b.isEmpty()) {
            return a;
        }
        TreeSet<String> all = new TreeSet<>();
        for (String s : (a + "," + b).split(",")) {
            if (!s.isEmpty()) {
                all.add(s);
            }
        }
        return String.join(",", all);
    }
}
