package dev.sluice.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sluice.SluiceTestSupport;
import dev.sluice.deadletter.DeadLetter;
import dev.sluice.queue.Message;
import dev.sluice.queue.ReceivedMessage;
import dev.sluice.queue.UnknownQueueException;
import dev.sluice.worker.WorkerOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Leased deliveries: claim, ack, fail, extend, expiry and redelivery, dead letters, ordering keys, workers with a heartbeat. */
class LeasesTest extends SluiceTestSupport {

    private static final LeaseOptions FAST_RETRY = LeaseOptions.builder().retryBaseDelay(Duration.ZERO).retryMaxDelay(Duration.ZERO).build();

    private long leased() throws Exception {
        return queryLong("SELECT count(*) FROM " + schema + ".leases");
    }

    @Test
    void claimCommitsAtOnceAndAckFailSettleByToken() throws Exception {
        sluice.queues().create("calls");
        sluice.enqueueBatch("calls", List.of(Message.of(Map.of("n", 1)), Message.of(Map.of("n", 2)), Message.of(Map.of("n", 3))));
        Lease lease = sluice.leases().claim("calls", 10, Duration.ofSeconds(30), 5, FAST_RETRY);
        assertThat(lease.messages()).hasSize(3);
        assertThat(lease.messages()).allMatch(m -> m.attempts() == 0);
        assertThat(lease.deadline()).isAfter(Instant.now().plusSeconds(20));
        // Committed: another claim sees nothing, the rows are in the leases table and count as depth.
        assertThat(sluice.leases().claim("calls", 10, Duration.ofSeconds(30), 5, FAST_RETRY).isEmpty()).isTrue();
        assertThat(leased()).isEqualTo(3);
        assertThat(sluice.queues().stats("calls").leased()).isEqualTo(3);
        assertThat(sluice.queues().stats("calls").depth()).isEqualTo(3);

        long first = lease.messages().get(0).id();
        long second = lease.messages().get(1).id();
        lease.ack(List.of(first));
        lease.fail(List.of(second), "upstream said 503");
        assertThat(lease.unsettled()).containsExactly(lease.messages().get(2).id());
        lease.ack();
        assertThat(leased()).isZero();

        // The failed one comes back (zero backoff here) with its attempt counted at the claim.
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            // Workers promote due retries; none runs here, so move it as promote.sql does.
            execute("WITH d AS (DELETE FROM " + schema + ".\"s_calls\" RETURNING *) INSERT INTO " + schema
                    + ".\"q_calls\" (id, priority, run_at, enqueued_at, attempts, payload, last_error) SELECT id, priority, run_at,"
                    + " enqueued_at, attempts, payload, last_error FROM d");
            return queryLong("SELECT count(*) FROM " + schema + ".\"q_calls\"") == 1;
        });
        Lease again = sluice.leases().claim("calls", 10, Duration.ofSeconds(30), 5, FAST_RETRY);
        assertThat(again.messages()).extracting(ReceivedMessage::id).containsExactly(second);
        assertThat(again.messages().get(0).attempts()).isEqualTo(1);
        again.ack();

        assertThatThrownBy(() -> sluice.leases().ack("calls", UUID.randomUUID(), null)).isInstanceOf(LeaseLostException.class)
                .hasMessageContaining("is not held");
        assertThat(lease.extend(Duration.ofSeconds(5))).as("nothing left to extend").isEqualTo(lease.deadline());
        assertThatThrownBy(() -> sluice.leases().claim("nope", 10, Duration.ofSeconds(30), 5, FAST_RETRY))
                .isInstanceOf(UnknownQueueException.class);
        assertThatThrownBy(() -> sluice.leases().claim("calls", 0, Duration.ofSeconds(30), 5, FAST_RETRY))
                .hasMessageContaining("max must be between 1 and 10000");
        assertThatThrownBy(() -> sluice.leases().claim("calls", 5, Duration.ofMillis(10), 5, FAST_RETRY))
                .hasMessageContaining("lease must be between 1 second and 12 hours");
        assertThatThrownBy(() -> LeaseOptions.builder().lease(Duration.ofSeconds(3)).heartbeat(Duration.ofSeconds(3)).build())
                .hasMessageContaining("heartbeat must be zero (none) or shorter than the lease");
    }

    @Test
    void expiredLeaseIsRedeliveredAndItsHolderCanNoLongerSettleIt() throws Exception {
        sluice.queues().create("calls");
        long id = sluice.enqueue("calls", Message.of(Map.of("n", 1))).id();
        Lease lost = sluice.leases().claim("calls", 10, Duration.ofSeconds(1), 5, FAST_RETRY);
        assertThat(lost.messages()).hasSize(1);
        // Maintenance (every second, in every process) puts it back once the deadline has passed.
        await().atMost(Duration.ofSeconds(15)).until(() -> queryLong("SELECT count(*) FROM " + schema + ".\"q_calls\"") == 1);
        assertThat(leased()).isZero();
        assertThatThrownBy(lost::ack).isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> sluice.leases().extend("calls", lost.token(), null, Duration.ofSeconds(30)))
                .isInstanceOf(LeaseLostException.class);
        Lease next = sluice.leases().claim("calls", 10, Duration.ofSeconds(30), 5, FAST_RETRY);
        assertThat(next.messages()).extracting(ReceivedMessage::id).containsExactly(id);
        assertThat(next.messages().get(0).attempts()).isEqualTo(1);
        next.ack();
    }

    @Test
    void extendKeepsALeaseAlivePastItsOriginalDeadline() throws Exception {
        sluice.queues().create("calls");
        sluice.enqueue("calls", Message.of(Map.of("n", 1)));
        Lease lease = sluice.leases().claim("calls", 10, Duration.ofSeconds(3), 5, FAST_RETRY);
        Instant original = lease.deadline();
        Instant extended = lease.extend(Duration.ofSeconds(60));
        assertThat(extended).isAfter(original.plusSeconds(30));
        // Until 1.5 s past the original deadline (maintenance rescues every second), it stays leased.
        Duration pastOriginal = Duration.between(Instant.now(), original).plusMillis(1_500);
        await().during(pastOriginal).atMost(pastOriginal.plusSeconds(5)).until(() -> leased() == 1);
        assertThat(Instant.now()).isAfter(original);
        lease.ack();
        assertThat(leased()).isZero();
        assertThat(queryLong("SELECT count(*) FROM " + schema + ".\"q_calls\"")).isZero();
    }

    @Test
    void messageWhoseLeasesKeepExpiringIsDeadLettered() throws Exception {
        sluice.queues().create("calls");
        long id = sluice.enqueue("calls", Message.of(Map.of("n", 1))).id();
        for (int delivery = 1; delivery <= 2; delivery++) {
            await().atMost(Duration.ofSeconds(15)).until(() -> !sluice.leases().claim("calls", 1, Duration.ofSeconds(1), 2, FAST_RETRY).isEmpty());
            await().atMost(Duration.ofSeconds(15)).until(() -> leased() == 0);
        }
        List<DeadLetter> dead = sluice.deadLetters().list("calls");
        assertThat(dead).extracting(DeadLetter::id).containsExactly(id);
        assertThat(dead.get(0).attempts()).isEqualTo(2);
        assertThat(dead.get(0).lastError()).contains("Leased 2 times (maxAttempts) without being acknowledged");
        assertThat(sluice.queues().stats("calls").depth()).isZero();
    }

    @Test
    void orderingKeysTreatLeasedMessagesAsPending() throws Exception {
        sluice.queues().create("calls");
        long a = sluice.enqueue("calls", Message.builder().json("{\"n\":1}").orderingKey("account-7").build()).id();
        long b = sluice.enqueue("calls", Message.builder().json("{\"n\":2}").orderingKey("account-7").build()).id();
        Lease first = sluice.leases().claim("calls", 10, Duration.ofSeconds(30), 5, FAST_RETRY);
        assertThat(first.messages()).extracting(ReceivedMessage::id).containsExactly(a);
        assertThat(sluice.leases().claim("calls", 10, Duration.ofSeconds(30), 5, FAST_RETRY).isEmpty()).isTrue();
        // A transactional worker does not take b either while a is leased.
        Set<Long> handled = ConcurrentHashMap.newKeySet();
        try (var w = sluice.startWorkers("calls", WorkerOptions.builder().concurrency(1).build(), batch -> batch.messages().forEach(m -> handled.add(m.id())))) {
            await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3)).until(handled::isEmpty);
            first.ack();
            await().atMost(Duration.ofSeconds(10)).until(() -> handled.contains(b));
        }
    }

    @Test
    void leasedWorkersAckOnReturnFailOnThrowAndHeartbeatKeepsSlowHandlersAlive() throws Exception {
        sluice.queues().create("calls");
        for (int i = 0; i < 6; i++) {
            sluice.enqueue("calls", Message.of(Map.of("n", i, "flaky", i == 0, "slow", i == 1)));
        }
        Map<Long, AtomicInteger> calls = new ConcurrentHashMap<>();
        LeaseOptions options = LeaseOptions.builder().concurrency(2).batchSize(1).lease(Duration.ofSeconds(1))
                .heartbeat(Duration.ofMillis(250)).retryBaseDelay(Duration.ZERO).retryMaxDelay(Duration.ZERO).build();
        try (LeasedWorkers w = sluice.startLeasedWorkers("calls", options, lease -> {
            ReceivedMessage m = lease.messages().get(0);
            int call = calls.computeIfAbsent(m.id(), k -> new AtomicInteger()).incrementAndGet();
            if (m.payloadTree().path("slow").asBoolean()) {
                Thread.sleep(2_500); // a slow external call, well past the 1 s lease: the heartbeat extends it
            }
            if (m.payloadTree().path("flaky").asBoolean() && call == 1) {
                throw new IllegalStateException("upstream timed out");
            }
        })) {
            await().atMost(Duration.ofSeconds(20)).until(() -> sluice.queues().stats("calls").depth() == 0);
        }
        assertThat(calls).hasSize(6);
        assertThat(calls.values().stream().mapToInt(AtomicInteger::get).sum()).as("the flaky one twice, every other once").isEqualTo(7);
        assertThat(sluice.deadLetters().list("calls")).isEmpty();
    }
}
