package io.flowlens.job.l7.kafka;

import io.flowlens.testkit.TestAddresses;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * Main of a child JVM running a single-node KRaft Kafka (broker and controller in one process) from the Maven jars:
 * formats the storage as {@code kafka-storage format} does, then starts the server. The client listener is on the
 * given test address; the controller listens on the namespace's loopback. Sized for a 128 MB heap and a quick start:
 * one partition, replication 1, one thread per pool, a small cleaner buffer, no group rebalance delay.
 * Args: data directory, listen address, port. Prints {@link #READY} once it serves; runs until killed.
 */
public final class KafkaBroker {
    public static final String READY = "kafka broker ready";

    private KafkaBroker() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String address = TestAddresses.requireTestAddress(args[1]).getHostAddress();
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:9093");
        p.setProperty("listeners", "PLAINTEXT://" + address + ":" + args[2] + ",CONTROLLER://127.0.0.1:9093");
        p.setProperty("advertised.listeners", "PLAINTEXT://" + address + ":" + args[2]);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", dir.resolve("data").toString());
        p.setProperty("num.partitions", "1");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("num.network.threads", "1");
        p.setProperty("num.io.threads", "1");
        p.setProperty("background.threads", "1");
        p.setProperty("num.recovery.threads.per.data.dir", "1");
        p.setProperty("log.cleaner.threads", "1");
        p.setProperty("log.cleaner.dedupe.buffer.size", Integer.toString(2 << 20));
        p.setProperty("auto.create.topics.enable", "false");
        Path config = dir.resolve("server.properties");
        try (Writer w = Files.newBufferedWriter(config)) {
            p.store(w, "flowlens test broker");
        }
        int formatted = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c",
                config.toString()}, new PrintStream(System.out, true));
        if (formatted != 0) {
            throw new IllegalStateException("kafka-storage format exited with " + formatted);
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(p, false), Time.SYSTEM);
        server.startup();
        System.out.println(READY);
        server.awaitShutdown();
    }
}
