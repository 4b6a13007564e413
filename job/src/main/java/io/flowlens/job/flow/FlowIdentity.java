package io.flowlens.job.flow;

/** Fills a slice's identity columns from a flow's key, oriented initiator first. Once per slice, never per packet. */
final class FlowIdentity {
    private FlowIdentity() {}

    static void fill(FlowSlice s, FlowState f, String node) {
        FlowKey k = f;
        String lo = FlowIds.address(k.loHigh, k.loLow);
        String hi = FlowIds.address(k.hiHigh, k.hiLow);
        s.flowId = FlowIds.flowId(k.protocol, lo, k.loPort, hi, k.hiPort);
        s.node = node;
        s.protocol = k.protocol;
        s.ipVersion = f.ipVersion;
        if (f.loInitiates) {
            s.srcIp = lo; s.srcPort = k.loPort; s.dstIp = hi; s.dstPort = k.hiPort;
        } else {
            s.srcIp = hi; s.srcPort = k.hiPort; s.dstIp = lo; s.dstPort = k.loPort;
        }
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
}
