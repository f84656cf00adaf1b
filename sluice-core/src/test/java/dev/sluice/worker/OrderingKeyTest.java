package dev.sluice.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.Sluice;
import dev.sluice.SluiceTestSupport;
import dev.sluice.queue.Message;
import dev.sluice.queue.ReceivedMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OrderingKeyTest extends SluiceTestSupport {

    @Test
    void messagesOfOneKeyRunOneAtATimeInEnqueueOrderWhileKeysRunInParallel() throws Exception {
        sluice.queues().create("accounts");
        int keys = 6;
        int perKey = 60;
        List<Message> messages = new ArrayList<>();
        for (int seq = 0; seq < perKey; seq++) {
            for (int k = 0; k < keys; k++) {
                messages.add(Message.builder().payload(Map.of("key", k, "seq", seq)).orderingKey("account-" + k).build());
            }
        }
        // a few unkeyed messages mixed in
        for (int i = 0; i < 50; i++) {
            messages.add(Message.of(Map.of("free", i)));
        }
        sluice.enqueueBatch("accounts", messages);

        Map<Integer, List<Integer>> order = new ConcurrentHashMap<>();
        Map<Integer, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        List<String> violations = new CopyOnWriteArrayList<>();
        AtomicInteger maxKeysAtOnce = new AtomicInteger();
        AtomicInteger keysNow = new AtomicInteger();
        AtomicInteger free = new AtomicInteger();
        BatchHandler handler = batch -> {
            List<Integer> mine = new ArrayList<>();
            for (ReceivedMessage m : batch.messages()) {
                if (m.orderingKey() == null) {
                    free.incrementAndGet();
                    continue;
                }
                int key = m.payloadTree().path("key").asInt();
                if (inFlight.computeIfAbsent(key, x -> new AtomicInteger()).incrementAndGet() > 1) {
                    violations.add("key " + key + " handled twice at once");
                }
                mine.add(key);
                maxKeysAtOnce.accumulateAndGet(keysNow.incrementAndGet(), Math::max);
            }
            Thread.sleep(2); // let other workers overlap
            for (ReceivedMessage m : batch.messages()) {
                if (m.orderingKey() != null) {
                    int key = m.payloadTree().path("key").asInt();
                    order.computeIfAbsent(key, x -> new CopyOnWriteArrayList<>()).add(m.payloadTree().path("seq").asInt());
                }
            }
            for (int key : mine) {
                keysNow.decrementAndGet();
                inFlight.get(key).decrementAndGet();
            }
        };
        WorkerOptions options = WorkerOptions.builder().concurrency(3).batchSize(20).build();
        sluice.startWorkers("accounts", options, handler);
        Sluice second = newSluice(b -> { });
        second.startWorkers("accounts", options, handler);

        await().atMost(Duration.ofSeconds(60)).until(() -> order.values().stream().mapToInt(List::size).sum() == keys * perKey && free.get() == 50);
        assertThat(violations).isEmpty();
        for (int k = 0; k < keys; k++) {
            List<Integer> expected = new ArrayList<>();
            for (int seq = 0; seq < perKey; seq++) {
                expected.add(seq);
            }
            assertThat(order.get(k)).as("order of key %d", k).containsExactlyElementsOf(expected);
        }
        assertThat(maxKeysAtOnce.get()).as("different keys ran in parallel").isGreaterThan(1);
    }

    private Message keyed(String key, String name) {
        return Message.builder().payload(Map.of("name", name)).orderingKey(key).build();
    }

    /**
     * Order is enqueue (id) order among the messages of a key that are committed when a worker
     * claims: a producer that took its id first but commits after a second producer's message of the
     * same key was handled does not hold that message back. Producers that need strict order for a
     * key enqueue from one transaction at a time (e.g. under pg_advisory_xact_lock of the key).
     */
    @Test
    void messageOfAKeyCommittedLateRunsAfterLaterIdsThatCommittedFirst() throws Exception {
        sluice.queues().create("accounts");
        List<String> handled = new CopyOnWriteArrayList<>();
        sluice.startWorkers("accounts", batch -> batch.messages().forEach(m -> handled.add(m.payloadTree().path("name").asText())));
        try (java.sql.Connection slow = dataSource.getConnection()) {
            slow.setAutoCommit(false);
            long first = sluice.enqueue(slow, "accounts", keyed("k", "first")).id();
            long second = sluice.enqueue("accounts", keyed("k", "second")).id();
            assertThat(first).isLessThan(second);
            await().atMost(Duration.ofSeconds(20)).until(() -> handled.contains("second"));
            slow.commit();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> handled.contains("first"));
        assertThat(handled).containsExactly("second", "first");
    }

    /**
     * A head that failed all its attempts releases its key when it is dead-lettered: the rest of the
     * key runs (a poison message does not halt its key until an operator acts). Redriven, it keeps its
     * id and runs before any message of its key still pending, since those have larger ids.
     */
    @Test
    void deadLetteredHeadReleasesItsKeyAndRedrivenRunsBeforeItsPendingSuccessors() throws Exception {
        sluice.queues().create("accounts");
        List<String> handled = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean poisoned = new java.util.concurrent.atomic.AtomicBoolean(true);
        WorkerOptions options = WorkerOptions.builder().concurrency(1).batchSize(10).maxAttempts(1).build();
        long head = sluice.enqueue("accounts", keyed("k", "head")).id();
        sluice.enqueue("accounts", keyed("k", "next"));
        sluice.startWorkers("accounts", options, batch -> {
            for (ReceivedMessage m : batch.messages()) {
                String name = m.payloadTree().path("name").asText();
                if (name.equals("head") && poisoned.get()) {
                    throw new IllegalStateException("poison");
                }
                handled.add(name);
            }
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> handled.contains("next"));
        assertThat(sluice.deadLetters().list("accounts")).extracting(d -> d.id()).containsExactly(head);
        poisoned.set(false);
        // "last" (a later id of the key) is pending when the head comes back: the head goes first.
        sluice.queues().pause("accounts");
        sluice.enqueue("accounts", keyed("k", "last"));
        sluice.deadLetters().redrive("accounts", List.of(head));
        sluice.queues().resume("accounts");
        await().atMost(Duration.ofSeconds(20)).until(() -> handled.size() == 3);
        assertThat(handled).containsExactly("next", "head", "last");
    }
}
