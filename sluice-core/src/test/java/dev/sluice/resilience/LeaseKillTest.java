package dev.sluice.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.SluiceTestSupport;
import dev.sluice.deadletter.DeadLetter;
import dev.sluice.embedded.TestDatabase;
import dev.sluice.lease.LeaseOptions;
import dev.sluice.lease.LeasedWorkers;
import dev.sluice.queue.Message;
import dev.sluice.queue.ReceivedMessage;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Leased workers in a child JVM killed with SIGKILL mid-handler: their leases expire and the
 * messages are redelivered to another process, none lost; a message that kills every leased worker
 * that takes it is dead-lettered after maxAttempts deliveries.
 */
class LeaseKillTest extends SluiceTestSupport {

    private Process child(int leaseSeconds, int maxAttempts) throws Exception {
        return new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LeasedWorkerMain.class.getName(),
                TestDatabase.jdbcUrl(), schema, Integer.toString(leaseSeconds), Integer.toString(maxAttempts))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private LeasedWorkers recordHandled() {
        return sluice.startLeasedWorkers("jobs", LeaseOptions.builder().concurrency(2).batchSize(5).build(), lease -> {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement("INSERT INTO " + schema + ".handled VALUES (?, ?)")) {
                for (ReceivedMessage m : lease.messages()) {
                    ps.setLong(1, m.id());
                    ps.setInt(2, m.attempts());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        });
    }

    @Test
    void leasesOfAKilledWorkerAreRedeliveredAfterTheirDeadlineAndNothingIsLost() throws Exception {
        sluice.queues().create("jobs");
        execute("CREATE TABLE " + schema + ".started (message_id bigint NOT NULL)");
        execute("CREATE TABLE " + schema + ".handled (message_id bigint PRIMARY KEY, attempts int NOT NULL)");
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            messages.add(Message.of(Map.of("i", i)));
        }
        sluice.enqueueBatch("jobs", messages);
        Process worker = child(2, 20);
        try {
            // Both threads leased a batch of 5 and hang in their handlers, kept alive by the heartbeat.
            await().atMost(Duration.ofSeconds(60)).until(() -> queryLong("SELECT count(*) FROM " + schema + ".started") == 10);
        } finally {
            worker.destroyForcibly().waitFor(); // SIGKILL: no shutdown, no settling
        }
        assertThat(queryLong("SELECT count(*) FROM " + schema + ".leases")).isEqualTo(10);
        try (LeasedWorkers survivor = recordHandled()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> queryLong("SELECT count(*) FROM " + schema + ".handled") == 30);
        }
        assertThat(queryLong("SELECT count(*) FROM " + schema + ".leases")).isZero();
        assertThat(sluice.queues().stats("jobs").depth()).isZero();
        assertThat(queryLong("SELECT count(*) FROM " + schema + ".handled h JOIN " + schema + ".started s USING (message_id)"
                + " WHERE h.attempts = 1")).as("the killed worker's messages, redelivered with its delivery counted").isEqualTo(10);
        assertThat(queryLong("SELECT count(*) FROM " + schema + ".handled WHERE attempts = 0")).isEqualTo(20);
    }

    @Test
    void messageThatKillsEveryLeasedWorkerIsDeadLettered() throws Exception {
        sluice.queues().create("jobs");
        execute("CREATE TABLE " + schema + ".started (message_id bigint NOT NULL)");
        execute("CREATE TABLE " + schema + ".handled (message_id bigint PRIMARY KEY, attempts int NOT NULL)");
        long poison = sluice.enqueue("jobs", Message.of(Map.of("poison", true))).id();
        int maxAttempts = 2;
        for (int crash = 1; crash <= maxAttempts; crash++) {
            Process worker = child(1, maxAttempts);
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> !worker.isAlive());
            } finally {
                worker.destroyForcibly().waitFor();
            }
            assertThat(worker.exitValue()).as("halted on the poison").isEqualTo(3);
            // Its lease expires a second later and maintenance puts it back (or, the last time, in the dead letters).
            await().atMost(Duration.ofSeconds(30)).until(() -> queryLong("SELECT count(*) FROM " + schema + ".leases") == 0);
        }
        List<DeadLetter> dead = sluice.deadLetters().list("jobs");
        assertThat(dead).extracting(DeadLetter::id).containsExactly(poison);
        assertThat(dead.get(0).attempts()).isEqualTo(maxAttempts);
        assertThat(sluice.queues().stats("jobs").depth()).isZero();
    }
}
