package io.flowlens.job.l7.redis;

import static io.flowlens.job.l7.L7Segment.REDIS;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.job.l7.Exchange;
import io.flowlens.job.l7.Transaction;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisSessionTest {

    private static Exchange exchange(RedisSession session, int cap) {
        return new Exchange(session, cap, REDIS, REDIS);
    }

    private static String command(String... words) {
        StringBuilder s = new StringBuilder("*" + words.length + "\r\n");
        for (String w : words) {
            s.append('$').append(w.length()).append("\r\n").append(w).append("\r\n");
        }
        return s.toString();
    }

    @Test
    void pipelinedCommandsAndRepliesPairInOrder() {
        RedisSession s = new RedisSession();
        String set = command("set", "k", "v");
        List<Transaction> out = exchange(s, 256)
                .client(set + command("GET", "k") + command("INCR", "n") + "PING\r\n")
                .server("+OK\r\n$1\r\nv\r\n:7\r\n+PONG\r\n")
                .close();
        assertThat(out).extracting(t -> t.method + " " + t.status)
                .containsExactly("SET 0", "GET 0", "INCR 0", "PING 0");
        assertThat(out.getFirst().requestBytes).isEqualTo(set.length());
        assertThat(out.get(1).responseBytes).isEqualTo(7);
        assertThat(out).extracting(t -> t.pipelined).containsExactly(false, true, true, true);
        assertThat(out).allSatisfy(t -> assertThat(t.latencyNanos()).isEqualTo(1_000_000L));
    }

    @Test
    void errorRepliesResp2AndResp3BlobErrors() {
        List<Transaction> out = exchange(new RedisSession(), 256)
                .client(command("GET", "a") + command("X"))
                .server("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n!21\r\nSYNTAX invalid syntax\r\n")
                .close();
        assertThat(out).extracting(t -> t.status).containsExactly(1, 1);
        assertThat(out.get(0).message).startsWith("WRONGTYPE Operation");
        assertThat(out.get(1).message).isEqualTo("SYNTAX invalid syntax");
        assertThat(out.get(0).failed()).isTrue();
    }

    @Test
    void commandsCutAtTheCapCountOnlyWhatIsVisible() {
        RedisSession s = new RedisSession();
        // a 500-byte value: the SET's end is computable from its length, but nothing after it is visible
        String big = command("SET", "k", "x".repeat(500));
        exchange(s, 64).client(big + command("GET", "k"));
        assertThat(s.outstanding()).as("the GET lies past the cap").isEqualTo(1);
        assertThat(s.malformed()).isZero();

        RedisSession t = new RedisSession();
        exchange(t, 40).client(command("MSET", "k1", "x".repeat(50), "k2", "y") + command("GET", "k"));
        assertThat(t.outstanding()).as("MSET's end is not visible, so nothing after it counts").isEqualTo(1);
    }

    @Test
    void subscribeModeKeepsMessagesApartFromReplies() {
        RedisSession s = new RedisSession();
        List<Transaction> out = exchange(s, 256)
                .client(command("SUBSCRIBE", "a", "b"))
                .server("*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n*3\r\n$9\r\nsubscribe\r\n$1\r\nb\r\n:2\r\n")
                .server("*3\r\n$7\r\nmessage\r\n$1\r\na\r\n$2\r\nhi\r\n")
                .client(command("PING"))
                .server("*3\r\n$7\r\nmessage\r\n$1\r\nb\r\n$2\r\nyo\r\n*2\r\n$4\r\npong\r\n$0\r\n\r\n")
                .client(command("UNSUBSCRIBE"))
                .server("*3\r\n$11\r\nunsubscribe\r\n$1\r\na\r\n:1\r\n*3\r\n$11\r\nunsubscribe\r\n$1\r\nb\r\n:0\r\n")
                .client(command("LRANGE", "l", "0", "-1"))
                .server("*3\r\n$7\r\nmessage\r\n$1\r\nx\r\n$1\r\ny\r\n") // a list reply again, not a push
                .close();
        assertThat(out).extracting(t -> t.method).containsExactly("SUBSCRIBE", "PING", "UNSUBSCRIBE", "LRANGE");
        assertThat(out).allSatisfy(t -> assertThat(t.responseNanos).isPositive());
        assertThat(s.pushes()).as("2 messages and the second unsubscribe confirmation").isEqualTo(3);
        assertThat(s.outstanding()).isZero();
    }

    @Test
    void resp3PushesAreNotReplies() {
        RedisSession s = new RedisSession();
        List<Transaction> out = exchange(s, 256)
                .client(command("HELLO", "3") + command("SUBSCRIBE", "c"))
                .server("%1\r\n+server\r\n+redis\r\n>3\r\n$9\r\nsubscribe\r\n$1\r\nc\r\n:1\r\n")
                .client(command("GET", "k"))
                .server(">3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$1\r\nz\r\n_\r\n")
                .close();
        assertThat(out).extracting(t -> t.method + " " + t.responseBytes)
                .containsExactly("HELLO 21", "SUBSCRIBE null", "GET 3");
        assertThat(s.pushes()).isEqualTo(1);
    }

    @Test
    void replyWithoutCommandHasNullMethod() {
        List<Transaction> out = exchange(new RedisSession(), 256).server("+PONG\r\n+PONG\r\n").close();
        assertThat(out).hasSize(2).allSatisfy(t -> {
            assertThat(t.method).isNull();
            assertThat(t.status).isZero();
            assertThat(t.latencyNanos()).isEqualTo(-1);
        });
    }

    @Test
    void malformedIsCountedAndSkipped() {
        RedisSession s = new RedisSession();
        List<Transaction> out = exchange(s, 256)
                .client("*2\r\n$x\r\n").client(command("PING")).server("+PONG\r\n").close();
        assertThat(s.malformed()).isEqualTo(1);
        assertThat(out).extracting(t -> t.method).containsExactly("PING");
    }

    @Test
    void splitInlineCommandNamesNothing() {
        RedisSession s = new RedisSession();
        List<Transaction> out = exchange(s, 4).client("SUBSCRIBE x\r\n").server("+OK\r\n").close();
        assertThat(out).hasSize(1);
        assertThat(out.getFirst().method).as("cut name is not a command name").isNull();
    }

    @Test
    void commandsSentAfterUnseenPipelinedOnesAreNotPairedByGuess() {
        RedisSession s = new RedisSession();
        String get = command("GET", "k"); // 22 bytes: two whole and one cut GET fit 64
        List<Transaction> out = exchange(s, 64)
                .client(get.repeat(6))
                .server("$1\r\na\r\n".repeat(2))
                .client(command("SET", "x", "y")) // the three GETs past the cap may still wait before it
                .server("$1\r\na\r\n".repeat(4) + "+OK\r\n")
                .close();
        assertThat(out).filteredOn(t -> t.method != null && t.responseNanos != 0)
                .extracting(t -> t.method).containsExactly("GET", "GET", "GET");
        assertThat(out).filteredOn(t -> "SET".equals(t.method)).singleElement()
                .satisfies(t -> assertThat(t.responseNanos).as("its reply is not known").isZero());
        assertThat(out).filteredOn(t -> t.method == null).hasSize(4);
        assertThat(s.unattributed()).isPositive();
    }
}
