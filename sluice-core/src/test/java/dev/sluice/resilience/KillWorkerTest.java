package dev.sluice.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.SluiceTestSupport;
import dev.sluice.embedded.TestDatabase;
import dev.sluice.queue.Message;
import dev.sluice.queue.ReceivedMessage;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KillWorkerTest extends SluiceTestSupport {

    @Test
    void workerJvmKilledWithSigkillMidBatchLosesAndDuplicatesNothing() throws Exception {
        sluice.queues().create("jobs");
        execute("CREATE TABLE " + schema + ".handled (message_id bigint NOT NULL, worker text NOT NULL)");
        execute("CREATE TABLE " + schema + ".stuck (batch_size int NOT NULL)");
        int total = 1_000;
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            messages.add(Message.of(Map.of("i", i)));
        }
        sluice.enqueueBatch("jobs", messages);

        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                CrashWorkerMain.class.getName(), TestDatabase.jdbcUrl(), schema)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> queryLong("SELECT count(*) FROM " + schema + ".stuck") == 1);
            assertThat(sluice.queues().stats("jobs").depth()).as("the claimed batch is still there for everyone else").isEqualTo(total);
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no rollback from the JVM
            child.waitFor();
        }
        long killedAt = System.nanoTime();
        List<Long> reclaimNanos = new ArrayList<>();
        sluice.startWorkers("jobs", batch -> {
            if (reclaimNanos.isEmpty()) {
                reclaimNanos.add(System.nanoTime() - killedAt);
            }
            try (PreparedStatement ps = batch.connection().prepareStatement("INSERT INTO " + schema + ".handled VALUES (?, 'parent')")) {
                for (ReceivedMessage m : batch.messages()) {
                    ps.setLong(1, m.id());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> queryLong("SELECT count(*) FROM " + schema + ".handled") >= total);
        assertThat(queryLong("SELECT count(*) FROM " + schema + ".handled")).isEqualTo(total);
        assertThat(queryLong("SELECT count(DISTINCT message_id) FROM " + schema + ".handled")).isEqualTo(total);
        assertThat(queryLong("SELECT count(*) FROM " + schema + ".handled WHERE worker = 'child'"))
                .as("the killed worker's writes were rolled back with its claim").isZero();
        System.out.printf("kill -9: first batch handled again %.1f ms after SIGKILL%n", reclaimNanos.get(0) / 1e6);
    }
}
