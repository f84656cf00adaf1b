package dev.sluice.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sluice.SluiceTestSupport;
import dev.sluice.queue.Message;
import dev.sluice.queue.ReceivedMessage;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Batch.commitWith: the handler's last write and the acknowledging COMMIT in one round trip. */
class CommitWithTest extends SluiceTestSupport {

    private static final WorkerOptions OPTIONS = WorkerOptions.builder().concurrency(2).batchSize(150).maxAttempts(3)
            .retryBaseDelay(Duration.ofMillis(20)).retryMaxDelay(Duration.ofMillis(50)).build();

    private String insert;

    @BeforeEach
    void setUp() throws Exception {
        sluice.queues().create("jobs");
        execute("CREATE TABLE " + schema + ".handled (message_id bigint PRIMARY KEY)");
        insert = "INSERT INTO " + schema + ".handled SELECT unnest(?::bigint[])";
    }

    private Batch.Binder ids(Batch batch) {
        return ps -> ps.setArray(1, batch.connection().createArrayOf("int8",
                batch.messages().stream().map(ReceivedMessage::id).toArray()));
    }

    private void enqueue(int n, boolean withPoison) {
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            messages.add(Message.of(Map.of("i", i, "poison", withPoison && i == n / 2)));
        }
        sluice.enqueueBatch("jobs", messages);
    }

    @Test
    void theWriteAndTheAcknowledgementCommitTogether() throws Exception {
        enqueue(100, false);
        List<Boolean> results = new CopyOnWriteArrayList<>();
        sluice.startWorkers("jobs", OPTIONS, batch -> {
            results.add(batch.commitWith(insert, ids(batch)));
            // Committed already: a throw now changes nothing, and a second call is refused.
            assertThatThrownBy(() -> batch.commitWith(insert, ids(batch))).isInstanceOf(IllegalStateException.class);
            throw new IllegalStateException("after the commit");
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> queryLong("SELECT count(*) FROM " + schema + ".handled") == 100);
        await().atMost(Duration.ofSeconds(10)).until(() -> sluice.queues().stats("jobs").depth() == 0);
        assertThat(results).containsOnly(true);
        assertThat(sluice.deadLetters().list("jobs")).isEmpty();
        assertThat(queryLong("SELECT count(*) FROM " + schema + ".s_jobs")).as("nothing scheduled for a retry").isZero();
    }

    @Test
    void aFailingStatementIsUndoneAloneAndTheHandlerMayWriteAgain() throws Exception {
        enqueue(50, false);
        execute("INSERT INTO " + schema + ".handled SELECT min(id) FROM " + schema + ".q_jobs"); // makes the first insert fail
        List<String> errors = new CopyOnWriteArrayList<>();
        sluice.startWorkers("jobs", OPTIONS, batch -> {
            try (PreparedStatement ps = batch.connection().prepareStatement("CREATE TEMP TABLE IF NOT EXISTS kept (x int)")) {
                ps.execute(); // earlier work of the handler: must survive the failed statement
            }
            try {
                batch.commitWith(insert, ids(batch));
            } catch (SQLException e) {
                errors.add(e.getSQLState());
                batch.commitWith(insert + " ON CONFLICT DO NOTHING", ids(batch));
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> sluice.queues().stats("jobs").depth() == 0);
        assertThat(errors).containsExactly("23505");
        assertThat(queryLong("SELECT count(*) FROM " + schema + ".handled")).isEqualTo(50);
    }

    @Test
    void aPartOfAFailingBatchNeverCommitsTheWhole() throws Exception {
        enqueue(40, true);
        List<Boolean> results = new CopyOnWriteArrayList<>();
        sluice.startWorkers("jobs", OPTIONS, batch -> {
            if (batch.messages().stream().anyMatch(m -> m.payloadTree().path("poison").asBoolean())) {
                throw new IllegalStateException("poison");
            }
            results.add(batch.commitWith(insert, ids(batch)));
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> sluice.deadLetters().list("jobs").size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> queryLong("SELECT count(*) FROM " + schema + ".handled") == 39);
        assertThat(results).as("parts of the failing batch ran their statement without committing").contains(false);
        assertThat(sluice.queues().stats("jobs").depth()).isZero();
    }
}
