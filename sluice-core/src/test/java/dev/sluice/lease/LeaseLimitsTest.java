package dev.sluice.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.Sluice;
import dev.sluice.SluiceTestSupport;
import dev.sluice.queue.Message;
import dev.sluice.queue.QueueLimits;
import dev.sluice.queue.ReceivedMessage;
import dev.sluice.worker.WorkerOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Global limits for leased consumers: a lease claim takes rate tokens, and holds one of the queue's
 * concurrency slots (shared with transactional batches) until its messages are settled or expired.
 * Several Sluice instances on separate pools stand for several processes: the limits are enforced
 * in PostgreSQL, which sees only sessions.
 */
class LeaseLimitsTest extends SluiceTestSupport {

    private static final LeaseOptions FAST_RETRY = LeaseOptions.builder().retryBaseDelay(Duration.ZERO).retryMaxDelay(Duration.ZERO).build();

    /** Handlers running at once in this JVM, across every Sluice instance and both modes, and the most seen. */
    private final AtomicInteger now = new AtomicInteger();
    private final AtomicInteger most = new AtomicInteger();

    private void enqueue(String queue, int n) {
        List<Message> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(Message.of(Map.of("n", i)));
        }
        sluice.enqueueBatch(queue, batch);
    }

    private void record(Sluice process, Collection<ReceivedMessage> messages, long workMillis) throws Exception {
        most.accumulateAndGet(now.incrementAndGet(), Math::max);
        try {
            Thread.sleep(workMillis); // the handler's work: a call to a slow or rate-limited service
            try (Connection c = process.dataSource().getConnection();
                 PreparedStatement ps = c.prepareStatement("INSERT INTO " + schema + ".handled (message_id, at) VALUES (?, clock_timestamp())")) {
                for (ReceivedMessage m : messages) {
                    ps.setLong(1, m.id());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        } finally {
            now.decrementAndGet();
        }
    }

    private long handled() throws Exception {
        return queryLong("SELECT count(*) FROM " + schema + ".handled");
    }

    @Test
    void concurrencyLimitHoldsForLeasedWorkersAndBatchesAcrossProcesses() throws Exception {
        sluice.queues().create("api");
        execute("CREATE TABLE " + schema + ".handled (message_id bigint NOT NULL, at timestamptz NOT NULL)");
        sluice.queues().setLimits("api", QueueLimits.maxConcurrentBatches(2));
        int total = 240;
        enqueue("api", total);
        LeaseOptions leased = LeaseOptions.builder().concurrency(3).batchSize(4).build();
        AtomicInteger mostSlotsSeen = new AtomicInteger();
        for (int p = 0; p < 3; p++) {
            Sluice process = p == 0 ? sluice : newSluice(b -> { });
            process.startLeasedWorkers("api", leased, lease -> record(process, lease.messages(), 25));
        }
        // A fourth process works the same queue transactionally: both modes share the two slots.
        Sluice transactional = newSluice(b -> { });
        transactional.startWorkers("api", WorkerOptions.builder().concurrency(3).batchSize(4).build(),
                b -> record(transactional, b.messages(), 25));
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            mostSlotsSeen.accumulateAndGet((int) sluice.leases().slotsHeld("api"), Math::max);
            return handled() >= total;
        });
        assertThat(most.get()).as("most batches and leases handled at once by 12 workers in 4 processes").isEqualTo(2);
        assertThat(mostSlotsSeen.get()).as("slots held by lease claims").isBetween(1, 2);
        assertThat(queryLong("SELECT count(DISTINCT message_id) FROM " + schema + ".handled")).isEqualTo(total);
        assertThat(handled()).isEqualTo(total);
        await().atMost(Duration.ofSeconds(10)).until(() -> sluice.leases().slotsHeld("api") == 0);
    }

    @Test
    void aLeaseClaimHoldsItsSlotUntilEveryMessageIsSettledOrExpired() throws Exception {
        sluice.queues().create("api");
        sluice.queues().setLimits("api", QueueLimits.maxConcurrentBatches(1));
        enqueue("api", 6);
        Lease first = sluice.leases().claim("api", 2, Duration.ofSeconds(30), 5, FAST_RETRY);
        assertThat(first.messages()).hasSize(2);
        assertThat(first.heldBack()).isNull();
        assertThat(sluice.leases().slotsHeld("api")).isEqualTo(1);

        Lease refused = sluice.leases().claim("api", 2, Duration.ofSeconds(30), 5, FAST_RETRY);
        assertThat(refused.isEmpty()).isTrue();
        assertThat(refused.heldBack().limit()).isEqualTo("maxConcurrentBatches");
        assertThat(refused.heldBack().retryAfter()).isPositive();

        first.ack(List.of(first.messages().get(0).id()));
        assertThat(sluice.leases().claim("api", 2, Duration.ofSeconds(30), 5, FAST_RETRY).isEmpty())
                .as("one message of the claim still leased: the slot is still held").isTrue();
        first.fail("upstream 503");
        assertThat(sluice.leases().slotsHeld("api")).isZero();

        // An expired lease frees its slot at its deadline, before maintenance has redelivered it.
        Lease second = sluice.leases().claim("api", 2, Duration.ofSeconds(1), 5, FAST_RETRY);
        assertThat(second.messages()).hasSize(2);
        AtomicReference<Lease> next = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            next.set(sluice.leases().claim("api", 1, Duration.ofSeconds(30), 5, FAST_RETRY));
            return !next.get().isEmpty();
        });
        next.get().ack();

        // While a lease holds the only slot, transactional workers do not start a batch; once it is settled, they do.
        execute("CREATE TABLE " + schema + ".handled (message_id bigint NOT NULL, at timestamptz NOT NULL)");
        Lease held = sluice.leases().claim("api", 1, Duration.ofSeconds(60), 5, FAST_RETRY);
        assertThat(held.messages()).hasSize(1);
        sluice.startWorkers("api", WorkerOptions.builder().concurrency(2).batchSize(10).build(), b -> record(sluice, b.messages(), 0));
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(5)).until(() -> handled() == 0);
        held.ack();
        await().atMost(Duration.ofSeconds(20)).until(() -> sluice.queues().stats("api").depth() == 0);
        assertThat(handled()).isPositive();
    }

    @Test
    void rateLimitAppliesToLeaseClaims() throws Exception {
        sluice.queues().create("api");
        sluice.queues().setLimits("api", new QueueLimits(null, 1.0, 3));
        // Claims that find nothing give their tokens back: three empty claims, then three messages in one claim.
        for (int i = 0; i < 3; i++) {
            assertThat(sluice.leases().claim("api", 3, Duration.ofSeconds(30), 5, FAST_RETRY).isEmpty()).isTrue();
        }
        enqueue("api", 10);
        Lease full = sluice.leases().claim("api", 10, Duration.ofSeconds(30), 5, FAST_RETRY);
        assertThat(full.messages()).as("the burst: 3 of the 10 asked for").hasSize(3);
        Lease empty = sluice.leases().claim("api", 10, Duration.ofSeconds(30), 5, FAST_RETRY);
        assertThat(empty.isEmpty()).isTrue();
        assertThat(empty.heldBack().limit()).isEqualTo("rateLimit");
        assertThat(empty.heldBack().retryAfter()).isBetween(Duration.ofMillis(1), Duration.ofMillis(1_500));
    }

    @Test
    void rateLimitHoldsForLeasedWorkersInEveryOneSecondWindow() throws Exception {
        sluice.queues().create("api");
        execute("CREATE TABLE " + schema + ".handled (message_id bigint NOT NULL, at timestamptz NOT NULL)");
        sluice.queues().setLimits("api", new QueueLimits(null, 100.0, 10));
        int total = 300;
        enqueue("api", total);
        LeaseOptions options = LeaseOptions.builder().concurrency(2).batchSize(20).build();
        for (int p = 0; p < 2; p++) {
            Sluice process = p == 0 ? sluice : newSluice(b -> { });
            process.startLeasedWorkers("api", options, lease -> record(process, lease.messages(), 0));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> handled() >= total);
        // Over any second at most rate + burst are granted; handling lags the grant by a few
        // milliseconds, so allow one more claim's worth for windows measured at handling time.
        long busiestSecond = queryLong("SELECT max(n) FROM (SELECT count(*) OVER (ORDER BY at RANGE BETWEEN CURRENT ROW AND"
                + " '999 milliseconds' FOLLOWING) AS n FROM " + schema + ".handled) w");
        assertThat(busiestSecond).isBetween(50L, 100L + 10 + 10);
        long spanMillis = queryLong("SELECT (extract(epoch FROM max(at) - min(at)) * 1000)::bigint FROM " + schema + ".handled");
        assertThat(spanMillis).as("300 messages at 100/s after a burst of 10").isGreaterThanOrEqualTo(2_500);
        assertThat(queryLong("SELECT count(DISTINCT message_id) FROM " + schema + ".handled")).isEqualTo(total);
    }
}
