package dev.sluice.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.Sluice;
import dev.sluice.SluiceTestSupport;
import dev.sluice.queue.Message;
import dev.sluice.queue.ReceivedMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Every ready message is claimed in (priority, readiness) order, not only the newest: a message
 * that becomes ready while a backlog is being worked (urgent, delayed coming due, a retry) is
 * claimed ahead of the backlog that follows it, without waiting for a sweep. The sweep is set to an
 * hour here, so only the claim design can make these pass. Outcomes, not speeds: each test checks
 * which messages were handled before which.
 */
class FairnessTest extends SluiceTestSupport {

    private static final int BACKLOG = 6_000;

    private Sluice noSweeps;
    private final Map<Long, Long> handledAt = new ConcurrentHashMap<>();
    private final AtomicLong order = new AtomicLong();

    private Sluice noSweeps() {
        noSweeps = newSluice(b -> b.sweepInterval(Duration.ofHours(1)));
        noSweeps.queues().create("jobs");
        return noSweeps;
    }

    private List<Long> enqueueBacklog(int n) {
        List<Message> plain = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            plain.add(Message.of(Map.of("i", i)));
        }
        return noSweeps.enqueueBatch("jobs", plain).stream().map(r -> r.id()).toList();
    }

    private BatchHandler recording(AtomicBoolean slow) {
        return batch -> {
            for (ReceivedMessage m : batch.messages()) {
                handledAt.putIfAbsent(m.id(), order.incrementAndGet());
            }
            if (slow.get()) {
                Thread.sleep(5);
            }
        };
    }

    private static final WorkerOptions OPTIONS = WorkerOptions.builder().concurrency(2).batchSize(50)
            .retryBaseDelay(Duration.ofMillis(50)).retryMaxDelay(Duration.ofMillis(50)).build();

    @Test
    void urgentMessageEnqueuedBehindABacklogIsClaimedBeforeTheRestOfIt() {
        Sluice s = noSweeps();
        List<Long> backlog = enqueueBacklog(BACKLOG);
        AtomicBoolean slow = new AtomicBoolean(true);
        s.startWorkers("jobs", OPTIONS, recording(slow));
        await().atMost(Duration.ofSeconds(30)).until(() -> handledAt.size() >= 300); // positions at priority 0 now
        long urgent = s.enqueue("jobs", Message.builder().payload(Map.of("urgent", true)).priority(-10).build()).id();
        await().atMost(Duration.ofSeconds(30)).until(() -> handledAt.containsKey(urgent));
        slow.set(false);
        await().atMost(Duration.ofSeconds(60)).until(() -> handledAt.size() == BACKLOG + 1);
        long after = backlog.stream().filter(id -> handledAt.get(id) > handledAt.get(urgent)).count();
        assertThat(after).as("backlog messages handled after the urgent one").isGreaterThan(BACKLOG / 2);
    }

    @Test
    void delayedMessageAndRetryComingDueDuringABacklogRunAheadOfWhatIsEnqueuedAfter() {
        Sluice s = noSweeps();
        long delayed = s.enqueue("jobs", Message.builder().payload(Map.of("delayed", true))
                .runAt(Instant.now().plusMillis(300)).build()).id();
        long failOnce = s.enqueue("jobs", Message.of(Map.of("failOnce", true))).id();
        enqueueBacklog(BACKLOG);
        AtomicBoolean slow = new AtomicBoolean(true);
        AtomicBoolean failed = new AtomicBoolean();
        s.startWorkers("jobs", OPTIONS, batch -> {
            for (ReceivedMessage m : batch.messages()) {
                if (m.id() == failOnce && m.attempts() == 0) {
                    failed.set(true);
                    throw new IllegalStateException("fails once");
                }
            }
            recording(slow).handle(batch);
        });
        // Both have come due and entered the ready stream (nothing left scheduled) while the first
        // backlog is still being worked; then more arrives. Ready order is (priority, when ready):
        // the two run after the rest of the first backlog and before most of the second, never
        // only when the queue drains (which is when the old single position found them).
        await().atMost(Duration.ofSeconds(30)).until(() -> failed.get() && queryLong("SELECT count(*) FROM " + schema + ".s_jobs") == 0
                && readyOrHandled(delayed, 0) && readyOrHandled(failOnce, 1));
        List<Long> second = enqueueBacklog(2_000);
        slow.set(false);
        await().atMost(Duration.ofSeconds(60)).until(() -> handledAt.size() == BACKLOG + 2_002);
        for (long id : List.of(delayed, failOnce)) {
            long after = second.stream().filter(b -> handledAt.get(b) > handledAt.get(id)).count();
            assertThat(after).as("later backlog handled after message " + id).isGreaterThan(1_500);
        }
    }

    /** Handled, or in the ready stream with this many attempts (so: promoted, since both start out of it). */
    private boolean readyOrHandled(long id, int attempts) throws Exception {
        return handledAt.containsKey(id)
                || queryLong("SELECT count(*) FROM " + schema + ".q_jobs WHERE id = " + id + " AND attempts = " + attempts) == 1;
    }

    @Test
    void burstComingDueAtOnceDoesNotStallMessagesEnqueuedAfterIt() throws Exception {
        Sluice s = noSweeps();
        List<Message> burst = new ArrayList<>();
        Instant due = Instant.now().plusMillis(500);
        for (int i = 0; i < 3_000; i++) {
            burst.add(Message.builder().payload(Map.of("burst", i)).runAt(due).build());
        }
        List<Long> burstIds = s.enqueueBatch("jobs", burst).stream().map(r -> r.id()).toList();
        s.startWorkers("jobs", OPTIONS, recording(new AtomicBoolean(false)));
        await().atMost(Duration.ofSeconds(30)).until(() -> handledAt.size() >= 1); // the burst came due
        List<Long> later = enqueueBacklog(100);
        await().atMost(Duration.ofSeconds(60)).until(() -> handledAt.size() == 3_100);
        assertThat(burstIds).allMatch(handledAt::containsKey);
        assertThat(later).allMatch(handledAt::containsKey);
    }

    @Test
    void burstComingDueIsMovedInPacedChunksSoThatWhatIsEnqueuedMeanwhileRunsBeforeItsEnd() throws Exception {
        Sluice s = noSweeps();
        List<Message> burst = new ArrayList<>();
        Instant due = Instant.now().plusSeconds(4); // far enough for the enqueue below to finish first
        for (int i = 0; i < 20_000; i++) {
            burst.add(Message.builder().payload(Map.of("burst", i)).runAt(due).build());
        }
        List<Long> burstIds = s.enqueueBatch("jobs", burst).stream().map(r -> r.id()).toList();
        assertThat(queryLong("SELECT count(*) FROM " + schema + ".s_jobs")).as("the whole burst is scheduled").isEqualTo(20_000);
        s.startWorkers("jobs", OPTIONS, recording(new AtomicBoolean(true))); // busy workers: never caught up
        await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(30)).until(() -> handledAt.size() >= 1);
        // Twenty chunks of at most 1,000, at least 50 ms apart while the workers are busy: most of the
        // burst is still scheduled now. Moved all at once, it would stand in the ready stream ahead of
        // these, and they would run last.
        List<Long> later = enqueueBacklog(100);
        await().atMost(Duration.ofSeconds(90)).until(() -> handledAt.size() == 20_100);
        long lastBurst = burstIds.stream().mapToLong(handledAt::get).max().orElseThrow();
        assertThat(later).allMatch(id -> handledAt.get(id) < lastBurst);
    }

    @Test
    void lateCommittingProducerIsNotLeftBehindThePositions() throws Exception {
        Sluice s = newSluice(b -> b.sweepInterval(Duration.ofMillis(200)));
        s.queues().create("late");
        long lateId;
        AtomicBoolean producing = new AtomicBoolean(true);
        Map<Long, Boolean> seen = new ConcurrentHashMap<>();
        s.startWorkers("late", OPTIONS, batch -> batch.messages().forEach(m -> seen.put(m.id(), true)));
        Thread producer = new Thread(() -> {
            while (producing.get()) {
                List<Message> some = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    some.add(Message.of(Map.of("i", i)));
                }
                s.enqueueBatch("late", some);
            }
        });
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            lateId = s.enqueue(c, "late", Message.of(Map.of("late", true))).id();
            producer.start();
            // Thousands of later ids are claimed (positions move far past lateId) before it commits.
            await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() > 3_000);
            c.commit();
        }
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> seen.containsKey(lateId));
            assertThat(producer.isAlive()).as("found while the queue stayed busy, not when it drained").isTrue();
        } finally {
            producing.set(false);
            producer.join();
        }
    }

    @Test
    void steadyProducerAndSeveralWorkersLeaveNoMessageBehindAndHandleEachOnce() throws Exception {
        sluice.queues().create("steady");
        execute("CREATE TABLE " + schema + ".handled (id bigint PRIMARY KEY)");
        sluice.startWorkers("steady", WorkerOptions.builder().concurrency(4).batchSize(100).build(), batch -> {
            try (PreparedStatement ps = batch.connection().prepareStatement("INSERT INTO " + schema + ".handled VALUES (?)")) {
                for (ReceivedMessage m : batch.messages()) {
                    ps.setLong(1, m.id());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        });
        long total = 0;
        for (int round = 0; round < 100; round++) {
            List<Message> some = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                some.add(Message.builder().payload(Map.of("r", round)).priority(i % 10 == 0 ? -1 : 0)
                        .runAt(i % 25 == 0 ? Instant.now().plusMillis(100) : null).build());
            }
            sluice.enqueueBatch("steady", some);
            total += some.size();
            Thread.sleep(10); // a producer's pace, not a synchronisation
        }
        long expected = total;
        long t0 = System.nanoTime();
        await().atMost(Duration.ofSeconds(60)).until(() -> queryLong("SELECT count(*) FROM " + schema + ".handled") == expected);
        assertThat(sluice.queues().stats("steady").depth()).isZero();
        System.out.printf("steady: drained %.0f ms after the producer stopped%n", (System.nanoTime() - t0) / 1e6);
    }
}
