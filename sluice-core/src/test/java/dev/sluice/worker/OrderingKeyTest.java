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
}
