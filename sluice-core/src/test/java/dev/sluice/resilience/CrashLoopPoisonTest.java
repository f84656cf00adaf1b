package dev.sluice.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.SluiceTestSupport;
import dev.sluice.deadletter.DeadLetter;
import dev.sluice.embedded.TestDatabase;
import dev.sluice.queue.Message;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A message that kills its worker (Runtime.halt: its batch never commits, nothing in the JVM runs
 * after) is counted as delivered each time, and reaches the dead letters after maxAttempts
 * deliveries instead of crashing every worker forever; the rest of the queue is handled.
 */
class CrashLoopPoisonTest extends SluiceTestSupport {

    private static final int MAX_ATTEMPTS = 3;

    @Test
    void messageThatHaltsItsWorkerIsDeadLetteredAfterMaxAttemptsDeliveries() throws Exception {
        sluice.queues().create("jobs");
        execute("CREATE TABLE " + schema + ".handled (message_id bigint PRIMARY KEY)");
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            messages.add(Message.of(Map.of("i", i, "poison", i == 15)));
        }
        long poison = sluice.enqueueBatch("jobs", messages).get(15).id();

        // Each child halts on the poison's batch (first in a batch of 10, then alone, as a crash
        // suspect) until the poison has been delivered MAX_ATTEMPTS times; the next child then
        // dead-letters it without handling it, and stays up.
        int crashes = 0;
        while (sluice.deadLetters().list("jobs").isEmpty()) {
            assertThat(crashes).as("crashes before the poison was dead-lettered").isLessThanOrEqualTo(MAX_ATTEMPTS);
            Process child = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), HaltOnPoisonMain.class.getName(),
                    TestDatabase.jdbcUrl(), schema, Integer.toString(MAX_ATTEMPTS))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> !child.isAlive() || !sluice.deadLetters().list("jobs").isEmpty());
            } finally {
                if (child.isAlive()) {
                    child.destroyForcibly().waitFor();
                } else {
                    assertThat(child.exitValue()).as("the child halted on the poison").isEqualTo(3);
                    crashes++;
                }
            }
            // Nothing to wait for: the next claim reads the abort from the row itself and records it.
        }
        assertThat(crashes).isEqualTo(MAX_ATTEMPTS);
        DeadLetter dead = sluice.deadLetters().list("jobs").get(0);
        assertThat(dead.id()).isEqualTo(poison);
        assertThat(dead.attempts()).isEqualTo(MAX_ATTEMPTS);
        assertThat(dead.lastError()).contains("without the batch committing");

        sluice.startWorkers("jobs", batch -> {
            try (var ps = batch.connection().prepareStatement("INSERT INTO " + schema + ".handled VALUES (?) ON CONFLICT DO NOTHING")) {
                for (var m : batch.messages()) {
                    ps.setLong(1, m.id());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> sluice.queues().stats("jobs").depth() == 0);
        assertThat(queryLong("SELECT count(*) FROM " + schema + ".handled")).isEqualTo(29);
        assertThat(queryLong("SELECT count(*) FROM " + schema + ".handled WHERE message_id = " + poison)).isZero();
    }
}
