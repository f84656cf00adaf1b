package dev.sluice.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sluice.Sluice;
import dev.sluice.SluiceTestSupport;
import dev.sluice.queue.Message;
import dev.sluice.queue.QueueLimits;
import dev.sluice.queue.ReceivedMessage;
import dev.sluice.queue.UnknownQueueException;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Global limits per queue (ClaimGate), with several Sluice instances on separate pools as several processes. */
class QueueLimitsTest extends SluiceTestSupport {

    /** Counts handlers running at once in this JVM, across every Sluice instance, and the most seen. */
    private static final class Overlap {
        final AtomicInteger now = new AtomicInteger();
        final AtomicInteger max = new AtomicInteger();

        void enter() {
            max.accumulateAndGet(now.incrementAndGet(), Math::max);
        }

        void exit() {
            now.decrementAndGet();
        }
    }

    private void enqueue(String queue, int n) {
        List<Message> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(Message.of(Map.of("n", i)));
        }
        sluice.enqueueBatch(queue, batch);
    }

    private BatchHandler recording(Overlap overlap, long workMillis) {
        return b -> {
            overlap.enter();
            try {
                Thread.sleep(workMillis); // the handler's work, e.g. a call to a rate-limited API
                try (PreparedStatement ps = b.connection().prepareStatement(
                        "INSERT INTO " + schema + ".handled (message_id, at) VALUES (?, clock_timestamp())")) {
                    for (ReceivedMessage m : b.messages()) {
                        ps.setLong(1, m.id());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            } finally {
                overlap.exit();
            }
        };
    }

    @Test
    void concurrencyLimitHoldsAcrossProcesses() throws Exception {
        sluice.queues().create("api");
        execute("CREATE TABLE " + schema + ".handled (message_id bigint NOT NULL, at timestamptz NOT NULL)");
        sluice.queues().setLimits("api", QueueLimits.maxConcurrentBatches(2));
        int total = 240;
        enqueue("api", total);
        Overlap overlap = new Overlap();
        WorkerOptions options = WorkerOptions.builder().concurrency(3).batchSize(4).build();
        AtomicInteger mostSlotsSeen = new AtomicInteger();
        for (int p = 0; p < 3; p++) {
            Sluice process = p == 0 ? sluice : newSluice(b -> { });
            process.startWorkers("api", options, recording(overlap, 25));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            mostSlotsSeen.accumulateAndGet((int) sluice.queues().stats("api").batchesRunning(), Math::max);
            return queryLong("SELECT count(*) FROM " + schema + ".handled") >= total;
        });
        assertThat(overlap.max.get()).as("most batches handled at once by 9 workers in 3 processes").isEqualTo(2);
        assertThat(mostSlotsSeen.get()).as("slots held, as stats show them").isBetween(1, 2);
        assertThat(queryLong("SELECT count(DISTINCT message_id) FROM " + schema + ".handled")).isEqualTo(total);
        assertThat(queryLong("SELECT count(*) FROM " + schema + ".handled")).isEqualTo(total);
        assertThat(sluice.queues().stats("api").limits()).isEqualTo(QueueLimits.maxConcurrentBatches(2));
    }

    @Test
    void rateLimitHoldsInEveryOneSecondWindow() throws Exception {
        sluice.queues().create("api");
        execute("CREATE TABLE " + schema + ".handled (message_id bigint NOT NULL, at timestamptz NOT NULL)");
        sluice.queues().setLimits("api", new QueueLimits(null, 100.0, 10));
        int total = 300;
        enqueue("api", total);
        WorkerOptions options = WorkerOptions.builder().concurrency(2).batchSize(20).build();
        Overlap overlap = new Overlap();
        for (int p = 0; p < 2; p++) {
            Sluice process = p == 0 ? sluice : newSluice(b -> { });
            process.startWorkers("api", options, recording(overlap, 0));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> queryLong("SELECT count(*) FROM " + schema + ".handled") >= total);
        // Over any second at most rate + burst are granted; a claim's handling lags its grant by a
        // few milliseconds, so allow one more claim's worth for windows measured at handling time.
        long busiestSecond = queryLong("SELECT max(n) FROM (SELECT count(*) OVER (ORDER BY at RANGE BETWEEN CURRENT ROW AND"
                + " '999 milliseconds' FOLLOWING) AS n FROM " + schema + ".handled) w");
        assertThat(busiestSecond).isBetween(50L, 100L + 10 + 10);
        long spanMillis = queryLong("SELECT (extract(epoch FROM max(at) - min(at)) * 1000)::bigint FROM " + schema + ".handled");
        assertThat(spanMillis).as("300 messages at 100/s after a burst of 10").isGreaterThanOrEqualTo(2_500);
        assertThat(queryLong("SELECT count(DISTINCT message_id) FROM " + schema + ".handled")).isEqualTo(total);
    }

    @Test
    void limitsChangeAtRunTimeWithoutRestartingWorkers() throws Exception {
        sluice.queues().create("api");
        execute("CREATE TABLE " + schema + ".handled (message_id bigint NOT NULL, at timestamptz NOT NULL)");
        enqueue("api", 1_500);
        Overlap overlap = new Overlap();
        sluice.startWorkers("api", WorkerOptions.builder().concurrency(4).batchSize(1).build(), recording(overlap, 15));
        await().atMost(Duration.ofSeconds(30)).until(() -> overlap.max.get() >= 3); // no limit yet

        sluice.queues().setLimits("api", QueueLimits.maxConcurrentBatches(1));
        assertThat(sluice.queues().limits("api")).isEqualTo(QueueLimits.maxConcurrentBatches(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> overlap.now.get() <= 1); // batches begun before finish
        overlap.max.set(overlap.now.get());
        long before = queryLong("SELECT count(*) FROM " + schema + ".handled");
        await().atMost(Duration.ofSeconds(30)).until(() -> queryLong("SELECT count(*) FROM " + schema + ".handled") >= before + 30);
        assertThat(overlap.max.get()).as("at most one batch after lowering the limit to 1").isEqualTo(1);

        sluice.queues().setLimits("api", QueueLimits.maxConcurrentBatches(3));
        await().atMost(Duration.ofSeconds(30)).until(() -> overlap.max.get() >= 3);
        assertThat(overlap.max.get()).isLessThanOrEqualTo(3);

        sluice.queues().setLimits("api", QueueLimits.NONE);
        assertThat(sluice.queues().stats("api").limits().isUnlimited()).isTrue();
        assertThat(sluice.queues().stats("api").batchesRunning()).isZero();
    }

    @Test
    void badLimitsAreRefusedWithWhatToDo() {
        assertThatThrownBy(() -> QueueLimits.maxConcurrentBatches(0)).hasMessageContaining("maxConcurrentBatches must be between 1 and 10000");
        assertThatThrownBy(() -> QueueLimits.rate(-5)).hasMessageContaining("rateLimit must be above 0");
        assertThatThrownBy(() -> QueueLimits.rate(Double.NaN)).hasMessageContaining("rateLimit must be above 0");
        assertThatThrownBy(() -> new QueueLimits(null, null, 10)).hasMessageContaining("rateBurst needs a rateLimit");
        assertThatThrownBy(() -> new QueueLimits(null, 10.0, 0)).hasMessageContaining("rateBurst must be between 1");
        assertThatThrownBy(() -> sluice.queues().setLimits("missing", QueueLimits.rate(5))).isInstanceOf(UnknownQueueException.class);
        assertThat(QueueLimits.rate(1000).effectiveBurst()).isEqualTo(50);
        assertThat(QueueLimits.rate(3).effectiveBurst()).isEqualTo(1);
    }
}
