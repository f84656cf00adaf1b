package dev.sluice.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sluice.SluiceTestSupport;
import dev.sluice.worker.WorkerOptions;
import dev.sluice.worker.Workers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PeekTest extends SluiceTestSupport {

    @Test
    void showsReadyMessagesInClaimOrderThenScheduledOnesByDueTimeAndChangesNothing() {
        sluice.queues().create("jobs");
        long later = sluice.enqueue("jobs", Message.builder().payload(Map.of("n", "later")).runAt(Instant.now().plusSeconds(3600)).build()).id();
        long first = sluice.enqueue("jobs", Message.of(Map.of("n", "first"))).id();
        long urgent = sluice.enqueue("jobs", Message.builder().payload(Map.of("n", "urgent")).priority(-5)
                .idempotencyKey("k-urgent").orderingKey("o").build()).id();
        long soon = sluice.enqueue("jobs", Message.builder().payload(Map.of("n", "soon")).runAt(Instant.now().plusSeconds(60)).build()).id();

        List<PendingMessage> pending = sluice.queues().peek("jobs", 100);

        assertThat(pending).extracting(PendingMessage::id).containsExactly(urgent, first, soon, later);
        assertThat(pending).extracting(PendingMessage::ready).containsExactly(true, true, false, false);
        PendingMessage u = pending.get(0);
        assertThat(u.queue()).isEqualTo("jobs");
        assertThat(u.priority()).isEqualTo(-5);
        assertThat(u.idempotencyKey()).isEqualTo("k-urgent");
        assertThat(u.orderingKey()).isEqualTo("o");
        assertThat(u.payloadTree().path("n").asText()).isEqualTo("urgent");
        assertThat(pending.get(3).runAt()).isAfter(Instant.now().plusSeconds(3000));
        assertThat(sluice.queues().peek("jobs", 2)).extracting(PendingMessage::id).containsExactly(urgent, first);
        // Read-only: peeking again, and the statistics, see the same four.
        assertThat(sluice.queues().peek("jobs", 100)).extracting(PendingMessage::id).containsExactly(urgent, first, soon, later);
        assertThat(sluice.queues().stats("jobs").depth()).isEqualTo(4);
        assertThat(sluice.queues().stats("jobs").ready()).isEqualTo(2);
    }

    @Test
    void showsARetryWaitingInTheScheduledTableWithItsErrorAndAnInFlightBatchUntilItCommits() throws Exception {
        sluice.queues().create("jobs");
        WorkerOptions slowRetry = WorkerOptions.builder().concurrency(1).retryBaseDelay(Duration.ofHours(1)).retryMaxDelay(Duration.ofHours(1)).build();
        long failing = sluice.enqueue("jobs", Message.json("\"fail\"")).id();
        try (Workers ignored = sluice.startWorkers("jobs", slowRetry, b -> {
            throw new IllegalStateException("smtp down");
        })) {
            await().atMost(Duration.ofSeconds(10)).until(() -> sluice.queues().peek("jobs", 10).stream().anyMatch(m -> !m.ready()));
        }
        PendingMessage retry = sluice.queues().peek("jobs", 10).get(0);
        assertThat(retry.id()).isEqualTo(failing);
        assertThat(retry.ready()).isFalse();
        assertThat(retry.attempts()).isEqualTo(1);
        assertThat(retry.lastError()).contains("smtp down");

        long inFlight = sluice.enqueue("jobs", Message.json("\"slow\"")).id();
        CountDownLatch claimed = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (Workers ignored = sluice.startWorkers("jobs", WorkerOptions.builder().concurrency(1).build(), b -> {
            claimed.countDown();
            release.await(10, TimeUnit.SECONDS);
        })) {
            assertThat(claimed.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(sluice.queues().peek("jobs", 10)).extracting(PendingMessage::id).containsExactly(inFlight, failing);
            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> sluice.queues().peek("jobs", 10).size() == 1);
        }
        assertThat(sluice.queues().peek("jobs", 10)).extracting(PendingMessage::id).containsExactly(failing);
    }

    @Test
    void badLimitsAndUnknownQueuesAreClearErrors() {
        sluice.queues().create("jobs");
        assertThatThrownBy(() -> sluice.queues().peek("jobs", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit must be between 1 and 10000; got 0");
        assertThatThrownBy(() -> sluice.queues().peek("jobs", 10_001)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sluice.queues().peek("nope", 10)).isInstanceOf(UnknownQueueException.class);
        assertThat(sluice.queues().peek("jobs", 10)).isEmpty();
    }
}
