package dev.sluice.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.SluiceTestSupport;
import dev.sluice.deadletter.DeadLetter;
import dev.sluice.queue.Message;
import dev.sluice.queue.ReceivedMessage;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FailureHandlingTest extends SluiceTestSupport {

    private static final WorkerOptions FAST_RETRIES = WorkerOptions.builder()
            .concurrency(2).batchSize(150).maxAttempts(3)
            .retryBaseDelay(Duration.ofMillis(20)).retryMaxDelay(Duration.ofMillis(100)).build();

    @BeforeEach
    void setUp() throws Exception {
        sluice.queues().create("jobs");
        execute("CREATE TABLE " + schema + ".handled (message_id bigint NOT NULL, n int NOT NULL)");
    }

    private void recordHandled(Batch batch) throws Exception {
        try (PreparedStatement ps = batch.connection().prepareStatement("INSERT INTO " + schema + ".handled VALUES (?, ?)")) {
            for (ReceivedMessage m : batch.messages()) {
                ps.setLong(1, m.id());
                ps.setInt(2, m.payloadTree().path("n").asInt());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Test
    void onePoisonMessageDoesNotHoldBackTheOthersAndEndsInDeadLetters() throws Exception {
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            messages.add(Message.of(Map.of("n", i, "poison", i == 77)));
        }
        sluice.enqueueBatch("jobs", messages);
        sluice.startWorkers("jobs", FAST_RETRIES, batch -> {
            recordHandled(batch);
            for (ReceivedMessage m : batch.messages()) {
                if (m.payloadTree().path("poison").asBoolean()) {
                    throw new IllegalStateException("cannot handle poison " + m.payloadTree().path("n"));
                }
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> sluice.deadLetters().list("jobs").size() == 1);
        assertThat(queryLong("SELECT count(*) FROM " + schema + ".handled")).isEqualTo(149);
        assertThat(queryLong("SELECT count(DISTINCT n) FROM " + schema + ".handled WHERE n <> 77")).isEqualTo(149);
        DeadLetter dead = sluice.deadLetters().list("jobs").get(0);
        assertThat(dead.attempts()).isEqualTo(3);
        assertThat(dead.lastError()).contains("IllegalStateException").contains("cannot handle poison 77");
        assertThat(dead.payloadJson()).contains("\"n\": 77");
        assertThat(sluice.queues().stats("jobs").depth()).isZero();
    }

    @Test
    void attemptsSurviveRollbackAndRetriedMessageSucceedsLater() throws Exception {
        sluice.enqueue("jobs", Message.of(Map.of("n", 1)));
        List<Integer> attemptsSeen = new CopyOnWriteArrayList<>();
        sluice.startWorkers("jobs", FAST_RETRIES, batch -> {
            ReceivedMessage m = batch.messages().get(0);
            attemptsSeen.add(m.attempts());
            if (m.attempts() < 2) {
                throw new RuntimeException("transient failure " + m.attempts());
            }
            recordHandled(batch);
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> queryLong("SELECT count(*) FROM " + schema + ".handled") == 1);
        assertThat(attemptsSeen).containsExactly(0, 1, 2);
        assertThat(sluice.deadLetters().list("jobs")).isEmpty();
        sluice.maintenance().flushCounters();
        assertThat(sluice.queues().stats("jobs").failed()).isEqualTo(2);
        assertThat(sluice.queues().stats("jobs").processed()).isEqualTo(1);
    }

    @Test
    void redrivenDeadLetterIsHandledAndLeavesTheList() throws Exception {
        sluice.enqueue("jobs", Message.of(Map.of("n", 5)));
        AtomicBoolean broken = new AtomicBoolean(true);
        sluice.startWorkers("jobs", FAST_RETRIES, batch -> {
            if (broken.get()) {
                throw new IllegalArgumentException("downstream is down");
            }
            recordHandled(batch);
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> !sluice.deadLetters().list("jobs").isEmpty());
        long id = sluice.deadLetters().list("jobs").get(0).id();
        broken.set(false);
        assertThat(sluice.deadLetters().redrive("jobs", List.of(id, 999_999L))).containsExactly(id);
        assertThat(sluice.deadLetters().list("jobs")).isEmpty();
        await().atMost(Duration.ofSeconds(20)).until(() -> queryLong("SELECT count(*) FROM " + schema + ".handled") == 1);
        assertThat(queryLong("SELECT message_id FROM " + schema + ".handled")).isEqualTo(id);
    }

    @Test
    void manyFailingMessagesInOneBatchAreAllIsolated() throws Exception {
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            messages.add(Message.of(Map.of("n", i, "poison", i % 10 == 0)));
        }
        sluice.enqueueBatch("jobs", messages);
        Map<Long, Boolean> committed = new ConcurrentHashMap<>();
        sluice.startWorkers("jobs", FAST_RETRIES, batch -> {
            recordHandled(batch);
            for (ReceivedMessage m : batch.messages()) {
                if (m.payloadTree().path("poison").asBoolean()) {
                    throw new IllegalStateException("poison");
                }
            }
            batch.messages().forEach(m -> committed.put(m.id(), true));
        });
        await().atMost(Duration.ofSeconds(40)).until(() -> sluice.deadLetters().list("jobs", 0, 1000).size() == 30);
        assertThat(queryLong("SELECT count(*) FROM " + schema + ".handled")).isEqualTo(270);
        assertThat(queryLong("SELECT count(*) FROM " + schema + ".handled WHERE n % 10 = 0")).isZero();
    }
}
