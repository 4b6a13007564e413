package io.flowlens.job.l7.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.job.l7.ReplayedSessions;
import io.flowlens.job.l7.Transaction;
import io.flowlens.sources.bpf.BpfObject;
import io.flowlens.sources.bpf.KernelTest;
import io.flowlens.sources.capture.CaptureReplay;
import io.flowlens.testkit.SharedTestData;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shared Redis captures replayed through the real TC program into one {@link RedisSession} per connection: per
 * connection, the command names in order, the number of replies and of error replies, and the number of pub/sub
 * messages equal what tshark's RESP dissector finds. Inline commands ("PING\r\n") count too: the kernel exports
 * them, and tshark delimits them as fragments whose names are read from the capture's bytes.
 */
@KernelTest
class RedisSessionTsharkTest {
    private static final Set<String> MESSAGES = Set.of("message", "pmessage", "smessage");

    static List<Path> captures() {
        return SharedTestData.pcapFiles().stream().filter(p -> p.getFileName().toString().contains("redis")).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void commandsRepliesErrorsAndPushesPerConnectionEqualTsharks(Path capture) throws Exception {
        ReplayedSessions replayed = new ReplayedSessions();
        try (CaptureReplay replay = new CaptureReplay(capture, BpfObject.Options.defaults())) {
            while (!replay.isFinished()) {
                replay.poll(replayed, 1000);
            }
        }
        replayed.finish();
        List<TsharkResp.Value> tshark = TsharkResp.values(capture);
        assertThat(tshark).as("tshark dissects RESP in %s", capture.getFileName()).isNotEmpty();

        int commands = 0, replies = 0, nullMethod = 0;
        for (ReplayedSessions.Flow flow : replayed.flows.values()) {
            List<TsharkResp.Value> values = tshark.stream().filter(v -> v.flow().equals(flow.key)).toList();
            List<TsharkResp.Value> fromServer = values.stream()
                    .filter(v -> !flow.initiatorIs(v.sender()) && !v.kind().equals("inline")).toList();
            List<String> theirCommands = values.stream().filter(v -> flow.initiatorIs(v.sender()))
                    .map(v -> v.head() == null ? null : v.head().toUpperCase(Locale.ROOT)).toList();
            long theirPushes = fromServer.stream()
                    .filter(v -> v.head() != null && MESSAGES.contains(v.head().toLowerCase(Locale.ROOT))).count();
            long theirErrors = fromServer.stream().filter(v -> v.kind().equals("error")).count();

            List<Transaction> ours = flow.out.stream().filter(t -> t.protocol.equals("redis")).toList();
            List<String> ourCommands = ours.stream().filter(t -> t.method != null)
                    .sorted(Comparator.comparingLong(t -> t.requestNanos)).map(t -> t.method).toList();
            long ourReplies = ours.stream().filter(t -> t.responseNanos != 0).count();
            String where = flow.key + " in " + capture.getFileName();
            assertThat(ourCommands).as("commands of %s", where).containsExactlyElementsOf(theirCommands);
            assertThat(ourReplies).as("replies of %s", where).isEqualTo(fromServer.size() - theirPushes);
            assertThat(ours.stream().filter(t -> Integer.valueOf(1).equals(t.status)).count())
                    .as("error replies of %s", where).isEqualTo(theirErrors);
            assertThat(flow.redis.pushes()).as("pub/sub messages of %s", where).isEqualTo(theirPushes);
            assertThat(flow.redis.malformed()).isZero();
            assertThat(flow.redis.unattributed()).isZero();
            commands += ourCommands.size();
            replies += (int) ourReplies;
            nullMethod += (int) ours.stream().filter(t -> t.method == null).count();
        }
        System.out.printf("%s: %d connections, %d commands and %d replies agree with tshark (%d replies without a "
                + "command)%n",
                capture.getFileName(), replayed.flows.size(), commands, replies, nullMethod);
    }
}
