package dev.sluice.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.SluiceTestSupport;
import dev.sluice.deadletter.DeadLetter;
import dev.sluice.queue.Message;
import dev.sluice.queue.ReceivedMessage;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deliveries whose batch never committed, as a crashed worker leaves them: the claim's DELETE
 * rolled back, the rows back in place with the aborted transaction in their xmax (claim.sql). The
 * crash itself is CrashLoopPoisonTest's (a child JVM halting); here the abort is made directly, so
 * that what a claim does with it can be checked message by message.
 */
class CrashCountTest extends SluiceTestSupport {

    private static WorkerOptions options(int maxAttempts) {
        return WorkerOptions.builder().concurrency(2).batchSize(150).maxAttempts(maxAttempts)
                .retryBaseDelay(Duration.ofMillis(20)).retryMaxDelay(Duration.ofMillis(50)).build();
    }

    @BeforeEach
    void setUp() throws Exception {
        sluice.queues().create("jobs");
    }

    /** What a worker that died mid-batch leaves behind: the claim undone by an aborted transaction. */
    private void abortDeliveryOf(String where) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM " + schema + ".q_jobs WHERE " + where);
            }
            c.rollback();
        }
    }

    @Test
    void anAbortedDeliveryCountsAsAnAttemptAndEachSuspectRunsAlone() throws Exception {
        for (int i = 0; i < 5; i++) {
            sluice.enqueue("jobs", Message.of(Map.of("n", i)));
        }
        abortDeliveryOf("true");
        Map<Long, Integer> attemptsSeen = new ConcurrentHashMap<>();
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        sluice.startWorkers("jobs", options(5), batch -> {
            batchSizes.add(batch.messages().size());
            for (ReceivedMessage m : batch.messages()) {
                attemptsSeen.merge(m.id(), m.attempts(), (a, b) -> -1); // -1: delivered twice
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> attemptsSeen.size() == 5);
        assertThat(attemptsSeen.values()).as("the crashed delivery is one attempt").containsOnly(1);
        assertThat(batchSizes).as("a suspect charges no batch-mate").containsOnly(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> queryLong("SELECT count(*) FROM " + schema + ".aborted_deliveries") == 0);
        assertThat(sluice.queues().stats("jobs").depth()).isZero();
    }

    @Test
    void aSuspectThatFailsAloneKeepsItsBatchMatesAndCountsBoth() throws Exception {
        long poison = sluice.enqueue("jobs", Message.of(Map.of("poison", true))).id();
        for (int i = 0; i < 20; i++) {
            sluice.enqueue("jobs", Message.of(Map.of("n", i)));
        }
        abortDeliveryOf("id = " + poison);
        Map<Long, Integer> handled = new ConcurrentHashMap<>();
        sluice.startWorkers("jobs", options(3), batch -> {
            for (ReceivedMessage m : batch.messages()) {
                if (m.payloadTree().path("poison").asBoolean()) {
                    throw new IllegalStateException("poison at attempt " + m.attempts());
                }
            }
            batch.messages().forEach(m -> handled.merge(m.id(), 1, Integer::sum));
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> sluice.deadLetters().list("jobs").size() == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() == 20);
        assertThat(handled.values()).as("every batch-mate handled once, none lost with the suspect's failure").containsOnly(1);
        DeadLetter dead = sluice.deadLetters().list("jobs").get(0);
        assertThat(dead.id()).isEqualTo(poison);
        assertThat(dead.attempts()).as("one crashed delivery and two failures").isEqualTo(3);
        assertThat(dead.lastError()).contains("poison at attempt 2");
        assertThat(queryLong("SELECT count(*) FROM " + schema + ".aborted_deliveries")).isZero();
    }

    @Test
    void aMessageOutOfDeliveriesIsDeadLetteredEvenWhenItsBatchFails() throws Exception {
        long crashed = sluice.enqueue("jobs", Message.of(Map.of("n", 1))).id();
        long failing = sluice.enqueue("jobs", Message.of(Map.of("n", 2))).id();
        abortDeliveryOf("id = " + crashed);
        List<Long> ran = new CopyOnWriteArrayList<>();
        sluice.startWorkers("jobs", options(1), batch -> {
            batch.messages().forEach(m -> ran.add(m.id()));
            throw new IllegalStateException("this batch fails");
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> sluice.deadLetters().list("jobs").size() == 2);
        Map<Long, DeadLetter> dead = new ConcurrentHashMap<>();
        sluice.deadLetters().list("jobs").forEach(d -> dead.put(d.id(), d));
        assertThat(dead.get(crashed).lastError()).contains("without the batch committing");
        assertThat(dead.get(crashed).attempts()).isEqualTo(1);
        assertThat(dead.get(failing).lastError()).contains("this batch fails");
        assertThat(ran).as("out of deliveries: not handed to the handler again").doesNotContain(crashed);
        assertThat(sluice.queues().stats("jobs").depth()).isZero();
    }

    @Test
    void aCommittedLockIsNotACrash() throws Exception {
        sluice.enqueue("jobs", Message.of(Map.of("n", 1)));
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("SELECT 1 FROM " + schema + ".q_jobs FOR UPDATE"); // autocommit: a lock that committed
        }
        List<Integer> attemptsSeen = new CopyOnWriteArrayList<>();
        sluice.startWorkers("jobs", options(5), batch -> batch.messages().forEach(m -> attemptsSeen.add(m.attempts())));
        await().atMost(Duration.ofSeconds(30)).until(() -> attemptsSeen.size() == 1);
        assertThat(attemptsSeen).containsExactly(0);
        assertThat(queryLong("SELECT count(*) FROM " + schema + ".aborted_deliveries")).isZero();
    }
}
