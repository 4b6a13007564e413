package io.flowlens.sources.hubble;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.flowlens.sources.hubble.api.GetFlowsResponse;

/**
 * Reads Hubble's stream responses, from gRPC or as JSON lines: {@code hubble observe -o jsonpb} (and its alias
 * {@code -o json}) print one {@code GetFlowsResponse} per line in protojson with proto field names, and Cilium's flow
 * exporter writes {@code ExportEvent}s of the same shape. Unknown keys (newer Cilium fields, agent and debug events)
 * are skipped, so a newer Hubble keeps working.
 */
public final class HubbleResponses {
    private static final JsonFormat.Parser JSON = JsonFormat.parser().ignoringUnknownFields();

    private HubbleResponses() {}

    /** What a flow handler does with a flow; may block (back pressure). */
    @FunctionalInterface
    public interface FlowSink {
        void accept(HubbleFlow flow) throws InterruptedException;
    }

    /** One JSON line parsed; throws with the parser's reason when it is not a response. */
    public static GetFlowsResponse parseJson(String line) throws InvalidProtocolBufferException {
        GetFlowsResponse.Builder b = GetFlowsResponse.newBuilder();
        JSON.merge(line, b);
        return b.build();
    }

    /**
     * Hands a response's flow to the sink and counts what is not a flow: lost events are added up; node status and
     * other events are ignored.
     *
     * @return the flow handed on, or null
     */
    public static HubbleFlow dispatch(GetFlowsResponse r, HubbleStatus status, FlowSink sink) throws InterruptedException {
        switch (r.getResponseTypesCase()) {
            case FLOW -> {
                HubbleFlow f = HubbleFlows.of(r.getFlow(), r.getNodeName());
                if (f == null) {
                    status.onUnmatched();
                    return null;
                }
                status.onFlow(f.timeNanos);
                sink.accept(f);
                return f;
            }
            case LOST_EVENTS -> status.onLost(r.getLostEvents().getNumEventsLost());
            default -> { } // node status, or an exporter's agent/debug event
        }
        return null;
    }
}
