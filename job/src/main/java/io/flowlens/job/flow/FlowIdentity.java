package io.flowlens.job.flow;

import io.flowlens.job.l7.SegmentEvent;

/**
 * A flow's identity as text, oriented initiator first: once per slice or L7 message start, never per packet.
 *
 * @param flowId MD5 of the canonical 5-tuple (see {@link FlowIds#flowId})
 */
record FlowIdentity(String flowId, String srcIp, int srcPort, String dstIp, int dstPort, int protocol) {
    static FlowIdentity of(FlowState f) {
        FlowKey k = f;
        String lo = FlowIds.address(k.loHigh, k.loLow);
        String hi = FlowIds.address(k.hiHigh, k.hiLow);
        String id = FlowIds.flowId(k.protocol, lo, k.loPort, hi, k.hiPort);
        return f.loInitiates ? new FlowIdentity(id, lo, k.loPort, hi, k.hiPort, k.protocol)
                : new FlowIdentity(id, hi, k.hiPort, lo, k.loPort, k.protocol);
    }

    /** Fills a slice's identity columns, the interfaces it was seen on included. */
    static void fill(FlowSlice s, FlowState f, String node) {
        FlowIdentity id = of(f);
        s.flowId = id.flowId;
        s.node = node;
        s.protocol = id.protocol;
        s.ipVersion = f.ipVersion;
        s.srcIp = id.srcIp;
        s.srcPort = id.srcPort;
        s.dstIp = id.dstIp;
        s.dstPort = id.dstPort;
        StringBuilder ifs = new StringBuilder();
        int[] sorted = f.interfaces();
        java.util.Arrays.sort(sorted);
        for (int i : sorted) {
            if (!ifs.isEmpty()) {
                ifs.append(',');
            }
            ifs.append(InterfaceNames.name(i, f.replayed));
        }
        s.interfaces = ifs.toString();
    }

    /** Fills an L7 event's flow columns. */
    static void fill(SegmentEvent e, FlowState f, String node) {
        FlowIdentity id = of(f);
        e.flowId = id.flowId;
        e.node = node;
        e.srcIp = id.srcIp;
        e.srcPort = id.srcPort;
        e.dstIp = id.dstIp;
        e.dstPort = id.dstPort;
        e.ipProtocol = id.protocol;
    }
}
