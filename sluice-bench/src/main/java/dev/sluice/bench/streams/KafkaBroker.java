package dev.sluice.bench.streams;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft Kafka broker (broker and controller in one process) in a child JVM on this
 * JVM's classpath, with its log in a temporary directory.
 *
 * <p>Durability, as close to PostgreSQL's fsync-at-commit as Kafka gets: {@code log.flush.interval.messages=1},
 * so the log is fsynced after every append (one per produce request and partition) in the request
 * path, before the broker acknowledges; producers use {@code acks=all}. With one node there is no
 * replication, so like the one PostgreSQL server, an acknowledged record is on this machine's disk.
 */
final class KafkaBroker implements AutoCloseable {

    /** The flush settings, recorded in the benchmark's output. */
    static final Map<String, String> DURABILITY = Map.of("log.flush.interval.messages", "1", "log.flush.interval.ms", "0",
            "acks", "all", "replication.factor", "1", "min.insync.replicas", "1");

    private final Process process;
    private final Path dir;
    private final String bootstrap;

    private KafkaBroker(Process process, Path dir, String bootstrap) {
        this.process = process;
        this.dir = dir;
        this.bootstrap = bootstrap;
    }

    String bootstrap() {
        return bootstrap;
    }

    /** Formats the storage and starts the broker; fails with the reason (and the log's tail) if it does not answer within a minute. */
    static KafkaBroker start() throws Exception {
        Path dir = Files.createTempDirectory("sluice-bench-kafka");
        int brokerPort = freePort();
        int controllerPort = freePort();
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("log.dirs", dir.resolve("data").toString());
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "4");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("log.flush.interval.messages", DURABILITY.get("log.flush.interval.messages"));
        p.setProperty("log.flush.interval.ms", DURABILITY.get("log.flush.interval.ms"));
        p.setProperty("auto.create.topics.enable", "false");
        Path config = dir.resolve("server.properties");
        try (var w = Files.newBufferedWriter(config)) {
            p.store(w, "sluice bench streams");
        }
        Path log = dir.resolve("broker.log");
        int formatted = java(List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()), log)
                .waitFor();
        if (formatted != 0) {
            throw new IllegalStateException("kafka-storage format exited with " + formatted + ": " + tail(log));
        }
        Process broker = java(List.of("kafka.Kafka", config.toString()), log);
        String bootstrap = "127.0.0.1:" + brokerPort;
        KafkaBroker b = new KafkaBroker(broker, dir, bootstrap);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            if (!broker.isAlive()) {
                b.close();
                throw new IllegalStateException("the broker exited with " + broker.exitValue() + ": " + tail(log));
            }
            try (Admin admin = b.admin()) {
                admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
                return b;
            } catch (Exception notYet) {
                if (System.nanoTime() > deadline) {
                    b.close();
                    throw new IllegalStateException("the broker did not answer within 60 s: " + tail(log));
                }
                Thread.sleep(500);
            }
        }
    }

    Admin admin() {
        Properties p = new Properties();
        p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        return Admin.create(p);
    }

    void createTopic(String name, int partitions) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)
                    .configs(Map.of("min.insync.replicas", "1", "flush.messages", "1")))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static Process java(List<String> args, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx768m");
        command.add("-Dlog4j2.level=WARN");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
