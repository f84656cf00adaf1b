package dev.sluice.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.SluiceTestSupport;
import dev.sluice.schema.InvalidIdentifierException;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnqueueTest extends SluiceTestSupport {

    @BeforeEach
    void createQueue() {
        sluice.queues().create("jobs");
    }

    private long depth() {
        return sluice.queues().stats("jobs").depth();
    }

    @Test
    void rolledBackEnqueueIsNeverStoredAndCommittedOneIs() throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            sluice.enqueue(c, "jobs", Message.of(Map.of("n", 1)));
            c.rollback();
            assertThat(depth()).isZero();
            sluice.enqueueBatch(c, "jobs", List.of(Message.of(Map.of("n", 2)), Message.of(Map.of("n", 3))));
            assertThat(depth()).as("not visible before commit").isZero();
            c.commit();
        }
        assertThat(depth()).isEqualTo(2);
    }

    @Test
    void batchReturnsIncreasingIdsInInputOrder() throws Exception {
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            messages.add(Message.builder().payload(Map.of("n", i)).priority(i % 3).build());
        }
        List<EnqueueResult> results = sluice.enqueueBatch("jobs", messages);
        assertThat(results).hasSize(500).allMatch(r -> !r.duplicate());
        for (int i = 1; i < results.size(); i++) {
            assertThat(results.get(i).id()).isGreaterThan(results.get(i - 1).id());
        }
        // The id of input i carries payload i.
        long id = results.get(321).id();
        assertThat(queryLong("SELECT (payload->>'n')::bigint FROM " + schema + ".q_jobs WHERE id = " + id)).isEqualTo(321);
        assertThat(queryLong("SELECT count(*) FROM " + schema + ".q_jobs WHERE priority = 2")).isEqualTo(166);
    }

    @Test
    void idempotencyKeyMakesRepeatsNoOpsThatReturnTheFirstMessage() {
        EnqueueResult first = sluice.enqueue("jobs", Message.builder().payload(Map.of("v", 1)).idempotencyKey("order-42").build());
        EnqueueResult again = sluice.enqueue("jobs", Message.builder().payload(Map.of("v", 2)).idempotencyKey("order-42").build());
        assertThat(first.duplicate()).isFalse();
        assertThat(again.duplicate()).isTrue();
        assertThat(again.id()).isEqualTo(first.id());
        List<EnqueueResult> mixed = sluice.enqueueBatch("jobs", List.of(
                Message.builder().json("{}").idempotencyKey("a").build(),
                Message.json("{}"),
                Message.builder().json("{}").idempotencyKey("a").build(),
                Message.builder().json("{}").idempotencyKey("order-42").build()));
        assertThat(mixed).extracting(EnqueueResult::duplicate).containsExactly(false, false, true, true);
        assertThat(mixed.get(2).id()).isEqualTo(mixed.get(0).id());
        assertThat(mixed.get(3).id()).isEqualTo(first.id());
        assertThat(depth()).isEqualTo(3);
    }

    @Test
    void idempotencyKeyStillDeduplicatesAfterTheMessageIsDoneUntilTheWindowExpires() throws Exception {
        EnqueueResult first = sluice.enqueue("jobs", Message.builder().json("{}").idempotencyKey("k").build());
        execute("DELETE FROM " + schema + ".q_jobs"); // as if a worker handled it
        assertThat(sluice.enqueue("jobs", Message.builder().json("{}").idempotencyKey("k").build()).id()).isEqualTo(first.id());
        execute("DELETE FROM " + schema + ".q_jobs");
        execute("UPDATE " + schema + ".idempotency_keys SET created_at = now() - interval '25 hours'");
        sluice.maintenance().expireIdempotencyKeys("jobs");
        EnqueueResult fresh = sluice.enqueue("jobs", Message.builder().json("{}").idempotencyKey("k").build());
        assertThat(fresh.duplicate()).isFalse();
        assertThat(fresh.id()).isNotEqualTo(first.id());
    }

    @Test
    void pendingKeyIsNotExpiredEvenAfterTheWindow() throws Exception {
        EnqueueResult first = sluice.enqueue("jobs", Message.builder().json("{}").idempotencyKey("slow").build());
        execute("UPDATE " + schema + ".idempotency_keys SET created_at = now() - interval '25 hours'");
        sluice.maintenance().expireIdempotencyKeys("jobs");
        EnqueueResult again = sluice.enqueue("jobs", Message.builder().json("{}").idempotencyKey("slow").build());
        assertThat(again).isEqualTo(new EnqueueResult(first.id(), true));
    }

    @Test
    void concurrentEnqueuesOfOneKeyStoreExactlyOneMessage() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        Set<Long> ids = ConcurrentHashMap.newKeySet();
        List<Future<Boolean>> inserted = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            inserted.add(pool.submit(() -> {
                start.await();
                EnqueueResult r = sluice.enqueue("jobs", Message.builder().json("{}").idempotencyKey("race").build());
                ids.add(r.id());
                return !r.duplicate();
            }));
        }
        start.countDown();
        int winners = 0;
        for (Future<Boolean> f : inserted) {
            winners += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
        }
        pool.shutdown();
        assertThat(winners).isEqualTo(1);
        assertThat(ids).hasSize(1);
        assertThat(depth()).isEqualTo(1);
    }

    @Test
    void invalidJsonIsRejectedAndNothingOfTheBatchIsWritten() {
        assertThatThrownBy(() -> sluice.enqueueBatch("jobs", List.of(Message.json("{\"ok\":1}"), Message.json("{\"broken\": "))))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("index 1")
                .hasMessageContaining("not valid JSON");
        assertThat(depth()).isZero();
    }

    @Test
    void oversizedPayloadIsRejectedWithTheLimitNamed() {
        String big = "{\"blob\":\"" + String.join("", Collections.nCopies(1024 * 1024, "x")) + "\"}";
        assertThatThrownBy(() -> sluice.enqueue("jobs", Message.json(big)))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("maxPayloadBytes");
        assertThatThrownBy(() -> sluice.enqueue("jobs", Message.json("\"a\u0000b\"")))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("NUL");
        assertThat(depth()).isZero();
    }

    @Test
    void unknownQueueIsReportedByName() {
        assertThatThrownBy(() -> sluice.enqueue("nope", Message.json("{}")))
                .isInstanceOf(UnknownQueueException.class)
                .hasMessageContaining("\"nope\" does not exist");
        assertThatThrownBy(() -> sluice.queues().stats("nope")).isInstanceOf(UnknownQueueException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Jobs", "1jobs", "jobs-v2", "jobs; DROP TABLE x", "jobs\"", "a_queue_name_that_is_far_too_long_to_be_accepted"})
    void badQueueNamesAreRefusedBeforeAnySql(String name) {
        assertThatThrownBy(() -> sluice.queues().create(name)).isInstanceOf(InvalidIdentifierException.class)
                .hasMessageContaining("queue name");
        assertThatThrownBy(() -> sluice.enqueue(name, Message.json("{}"))).isInstanceOf(InvalidIdentifierException.class);
    }

    @Test
    void messageOptionsAreValidated() {
        assertThatThrownBy(() -> Message.builder().priority(40_000).build()).isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("priority");
        assertThatThrownBy(() -> Message.builder().idempotencyKey("").build()).isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("idempotencyKey");
    }

    @Test
    void delayedMessageWaitsForItsRunTime() {
        sluice.enqueue("jobs", Message.builder().json("{}").runAt(Instant.now().plusSeconds(3600)).build());
        QueueStats stats = sluice.queues().stats("jobs");
        assertThat(stats.depth()).isEqualTo(1);
        assertThat(stats.ready()).isZero();
    }

    @Test
    void creatingAQueueTwiceKeepsTheFirstAndListsIt() {
        assertThat(sluice.queues().create("jobs")).isFalse();
        assertThat(sluice.queues().create("other")).isTrue();
        assertThat(sluice.queues().list()).containsExactly("jobs", "other");
    }
}
