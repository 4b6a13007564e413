package io.flowlens.sources.hubble;

import com.google.protobuf.Timestamp;
import io.flowlens.sources.hubble.api.GetFlowsRequest;
import io.flowlens.sources.hubble.api.GetFlowsResponse;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.CallOptions;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows Hubble's flow stream ({@code Observer.GetFlows}, follow=true) until closed. When the stream breaks or
 * ends it reconnects after an exponential backoff with jitter, asking for flows since the newest one it saw less a
 * short overlap, and skips the repeats: a Hubble outage costs only the flows its own buffer dropped meanwhile, and
 * never an exception to the job.
 */
public final class HubbleGrpcFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HubbleGrpcFollower.class);

    private final HubbleConnection connection;
    private final HubbleStatus status;
    private final Backoff backoff;
    private final RecentFlows recent;
    private final long overlapNanos;
    private final long statusEveryMillis;
    private volatile boolean closed;
    private volatile Context.CancellableContext call;
    private volatile ManagedChannel channel;

    /**
     * @param resumeNanos newest flow time already handed on (a restored checkpoint's), 0 for none: the stream then
     *                    starts with what Hubble sees from now on
     * @param overlapNanos how far before the newest flow seen a resumed stream starts
     */
    public HubbleGrpcFollower(HubbleConnection connection, HubbleStatus status, long resumeNanos, long backoffInitialMillis,
                              long backoffMaxMillis, long overlapNanos, long statusEveryMillis) {
        this.connection = connection;
        this.status = status;
        this.backoff = new Backoff(backoffInitialMillis, backoffMaxMillis);
        this.overlapNanos = overlapNanos;
        this.recent = new RecentFlows(overlapNanos);
        this.statusEveryMillis = statusEveryMillis;
        this.resumeNanos = resumeNanos;
    }

    /** A restored checkpoint's newest flow time (Unix epoch ns), or 0. */
    private final long resumeNanos;

    /** Streams until {@link #close()} (or the thread is interrupted), handing each new flow to the sink. */
    public void run(HubbleResponses.FlowSink sink) throws InterruptedException {
        boolean first = true;
        while (!closed && !Thread.currentThread().isInterrupted()) {
            if (!first) {
                status.onReconnect();
                long wait = backoff.nextMillis();
                LOG.info("hubble {}: reconnecting in {} ms", connection, wait);
                TimeUnit.MILLISECONDS.sleep(wait);
                if (closed) {
                    break;
                }
            }
            first = false;
            streamOnce(sink);
        }
    }

    private void streamOnce(HubbleResponses.FlowSink sink) throws InterruptedException {
        long since = Math.max(resumeNanos, recent.newest());
        GetFlowsRequest.Builder req = GetFlowsRequest.newBuilder().setFollow(true);
        if (since > 0) {
            long from = since - overlapNanos;
            req.setSince(Timestamp.newBuilder().setSeconds(Math.floorDiv(from, 1_000_000_000L))
                    .setNanos((int) Math.floorMod(from, 1_000_000_000L)));
        }
        Context.CancellableContext ctx = Context.current().withCancellation();
        call = ctx;
        try {
            channel = HubbleChannels.open(connection);
            Context previous = ctx.attach();
            try {
                Iterator<byte[]> it = ClientCalls.blockingServerStreamingCall(channel, RawMessages.GET_FLOWS,
                        CallOptions.DEFAULT, req.build());
                boolean announced = false;
                long messages = 0;
                while (!closed && it.hasNext()) {
                    byte[] bytes = it.next();
                    messages++;
                    if (!announced) {
                        announced = true;
                        status.connected(true);
                        backoff.reset();
                        LOG.info("hubble {}: connected{}", connection, since > 0 ? ", resuming from " + since + " ns" : "");
                    }
                    GetFlowsResponse r;
                    try {
                        r = GetFlowsResponse.parseFrom(bytes);
                    } catch (InvalidProtocolBufferException e) {
                        status.onMalformed("message " + messages + " of this stream");
                        LOG.warn("hubble {}: message {} of this stream is not a GetFlowsResponse, skipped: {}", connection,
                                messages, e.getMessage());
                        continue;
                    }
                    if (r.hasFlow() && !recent.firstTime(ts(r.getFlow().getTime()), r.getFlow().toByteString())) {
                        status.onDuplicate();
                        continue;
                    }
                    HubbleResponses.dispatch(r, status, sink);
                    status.logIfDue(statusEveryMillis);
                }
                if (!closed) {
                    LOG.warn("hubble {}: the server ended the flow stream", connection);
                }
            } finally {
                ctx.detach(previous);
            }
        } catch (StatusRuntimeException e) {
            if (!closed) {
                LOG.warn("hubble {}: flow stream failed: {} (rows go on without Hubble columns until it is back)",
                        connection, e.getStatus());
            }
        } catch (java.io.IOException e) {
            LOG.warn("hubble {}: cannot connect: {}", connection, e.getMessage());
        } catch (RuntimeException e) {
            if (e.getCause() instanceof InterruptedException ie) {
                throw ie;
            }
            LOG.warn("hubble {}: flow stream failed: {}", connection, e.toString());
        } finally {
            status.connected(false);
            ctx.cancel(null);
            ManagedChannel ch = channel;
            if (ch != null) {
                ch.shutdownNow();
            }
        }
    }

    private static long ts(Timestamp t) {
        return t.getSeconds() * 1_000_000_000L + t.getNanos();
    }

    /** Ends the stream; {@link #run} returns soon after. */
    @Override
    public void close() {
        closed = true;
        Context.CancellableContext c = call;
        if (c != null) {
            c.cancel(null);
        }
        ManagedChannel ch = channel;
        if (ch != null) {
            ch.shutdownNow();
        }
    }
}
