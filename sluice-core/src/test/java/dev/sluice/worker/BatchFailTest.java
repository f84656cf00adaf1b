package dev.sluice.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Batch.fail: one message failed by the handler, the rest of the batch committed, no isolation. */
class BatchFailTest extends SluiceTestSupport {

    private static final WorkerOptions OPTIONS = WorkerOptions.builder().concurrency(1).batchSize(150).maxAttempts(2)
            .retryBaseDelay(Duration.ofMillis(20)).retryMaxDelay(Duration.ofMillis(50)).build();

    @BeforeEach
    void setUp() throws Exception {
        sluice.queues().create("jobs");
        execute("CREATE TABLE " + schema + ".handled (message_id bigint, attempts int)");
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            messages.add(Message.of(Map.of("i", i, "bad", i % 10 == 3)));
        }
        sluice.enqueueBatch("jobs", messages);
    }

    private static boolean bad(ReceivedMessage m) {
        return m.payloadTree().path("bad").asBoolean();
    }

    @Test
    void failedMessagesAreRetriedAloneWhileTheRestCommitsInOneHandlerCall() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        sluice.startWorkers("jobs", OPTIONS, batch -> {
            calls.incrementAndGet();
            try (PreparedStatement ps = batch.connection().prepareStatement("INSERT INTO " + schema + ".handled VALUES (?, ?)")) {
                for (ReceivedMessage m : batch.messages()) {
                    if (bad(m) && m.attempts() == 0) {
                        batch.fail(m, new IllegalStateException("bad on its first attempt"));
                        batch.fail(m, new IllegalStateException("failed twice: counted once"));
                        continue;
                    }
                    ps.setLong(1, m.id());
                    ps.setInt(2, m.attempts());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> queryLong("SELECT count(*) FROM " + schema + ".handled") == 50);
        assertThat(queryLong("SELECT count(DISTINCT message_id) FROM " + schema + ".handled")).isEqualTo(50);
        assertThat(queryLong("SELECT count(*) FROM " + schema + ".handled WHERE attempts = 1")).as("the five bad ones, retried").isEqualTo(5);
        assertThat(calls.get()).as("no isolation: one call for the batch, then the retries").isLessThanOrEqualTo(6);
        assertThat(sluice.queues().stats("jobs").depth()).isZero();
    }

    @Test
    void aMessageFailedUntilMaxAttemptsIsDeadLettered() throws Exception {
        sluice.startWorkers("jobs", OPTIONS, batch -> {
            for (ReceivedMessage m : batch.messages()) {
                if (bad(m)) {
                    batch.fail(m, new IllegalStateException("always bad"));
                }
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> sluice.deadLetters().list("jobs").size() == 5);
        for (DeadLetter d : sluice.deadLetters().list("jobs")) {
            assertThat(d.attempts()).isEqualTo(2);
            assertThat(d.lastError()).contains("always bad");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> sluice.queues().stats("jobs").depth() == 0);
    }

    @Test
    void failRefusesStrangersAndComesBeforeCommitWith() throws Exception {
        List<Throwable> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        sluice.startWorkers("jobs", OPTIONS, batch -> {
            ReceivedMessage first = batch.messages().get(0);
            ReceivedMessage stranger = new ReceivedMessage(-1, "jobs", 0, null, 0, first.enqueuedAt(), first.runAt(), null, null, null);
            try {
                batch.fail(stranger, new IllegalStateException("x"));
            } catch (IllegalArgumentException e) {
                seen.add(e);
            }
            batch.commitWith("SELECT 1", ps -> { });
            assertThatThrownBy(() -> batch.fail(first, new IllegalStateException("too late"))).isInstanceOf(IllegalStateException.class);
            seen.add(new IllegalStateException("checked"));
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> sluice.queues().stats("jobs").depth() == 0);
        assertThat(seen).hasSizeGreaterThanOrEqualTo(2);
        assertThat(seen.get(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not in this batch");
        assertThat(sluice.deadLetters().list("jobs")).isEmpty();
    }
}
