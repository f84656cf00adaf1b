package dev.sluice.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.Sluice;
import dev.sluice.SluiceTestSupport;
import dev.sluice.queue.Message;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WakeupTest extends SluiceTestSupport {

    @Test
    void withNotifyDisabledWorkersPollAndLoseNothing() throws Exception {
        Sluice polling = newSluice(b -> b.listenNotify(false).pollInterval(Duration.ofMillis(50)));
        polling.queues().create("jobs");
        AtomicInteger handled = new AtomicInteger();
        polling.startWorkers("jobs", batch -> handled.addAndGet(batch.size()));
        for (int i = 0; i < 20; i++) {
            polling.enqueue("jobs", Message.of(Map.of("i", i)));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.get() == 20);
        assertThat(polling.isListening()).isFalse();
        assertThat(polling.notifications()).isNull();
    }

    @Test
    void notificationWakesAnIdleWorkerLongBeforeThePollInterval() throws Exception {
        Sluice listening = newSluice(b -> b.pollInterval(Duration.ofMinutes(10)).sweepInterval(Duration.ofMinutes(10)));
        listening.queues().create("jobs");
        AtomicInteger handled = new AtomicInteger();
        listening.startWorkers("jobs", batch -> handled.addAndGet(batch.size()));
        await().atMost(Duration.ofSeconds(10)).until(listening::isListening);
        sluice.enqueue("jobs", Message.json("{}"));
        await().atMost(Duration.ofSeconds(5)).until(() -> handled.get() == 1);
        sluice.enqueue("jobs", Message.json("{}"));
        await().atMost(Duration.ofSeconds(5)).until(() -> handled.get() == 2);
    }

    @Test
    void aMessageScheduledJustAfterAWakeUpStillRunsWhenDueWithoutWaitingForThePoll() throws Exception {
        Sluice listening = newSluice(b -> b.pollInterval(Duration.ofMinutes(10)).sweepInterval(Duration.ofMinutes(10)));
        listening.queues().create("jobs");
        java.util.List<String> handled = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.Map<String, java.time.Instant> handledAt = new java.util.concurrent.ConcurrentHashMap<>();
        listening.startWorkers("jobs", dev.sluice.worker.WorkerOptions.builder().concurrency(1).build(), batch -> {
            for (dev.sluice.queue.ReceivedMessage m : batch.messages()) {
                String name = m.payloadTree().path("n").asText();
                handledAt.put(name, java.time.Instant.now());
                handled.add(name);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(listening::isListening);
        // The first wake-up checks the scheduled messages; the second comes within the promoter's
        // interval of that check, so its claim skips the check: it is owed, and made within 50 ms.
        java.time.Instant due = java.time.Instant.now().plusMillis(400);
        sluice.enqueue("jobs", Message.of(Map.of("n", "now")));
        sluice.enqueue("jobs", Message.builder().payload(Map.of("n", "later")).runAt(due).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 2);
        assertThat(handled).containsExactly("now", "later");
        assertThat(handledAt.get("later")).isAfterOrEqualTo(due.minusMillis(5)); // clocks: JVM vs server
    }

    @Test
    void oneTransactionSendsOneNotificationHoweverManyRowsItEnqueues() throws Exception {
        sluice.queues().create("jobs");
        execute("CREATE TABLE " + schema + ".items (id int PRIMARY KEY)");
        sluice.capture(dev.sluice.capture.CaptureSpec.table(schema + ".items").key("id").onInsert().into("jobs"));
        AtomicInteger notifications = new AtomicInteger();
        AtomicInteger markers = new AtomicInteger();
        sluice.notifications().subscribe(schema + ".jobs", payload -> {
            if ("marker".equals(payload)) {
                markers.incrementAndGet();
            } else {
                notifications.incrementAndGet();
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(sluice::isListening);
        // Make sure the LISTEN is in place: one marker notification must arrive first.
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            execute("SELECT pg_notify('" + schema + ".jobs', 'marker')");
            return markers.get() > 0;
        });
        int before = notifications.get();
        try (java.sql.Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (java.sql.Statement s = c.createStatement()) {
                s.execute("INSERT INTO " + schema + ".items SELECT generate_series(1, 100)"); // 100 captured rows
                s.execute("INSERT INTO " + schema + ".items SELECT generate_series(101, 150)");
            }
            sluice.enqueueBatch(c, "jobs", java.util.List.of(Message.json("{}"), Message.json("{}")));
            c.commit();
        }
        assertThat(sluice.queues().stats("jobs").depth()).isEqualTo(152);
        // A second transaction is the fence: once its notification is in, the first one's are too.
        sluice.enqueue("jobs", Message.json("{}"));
        await().atMost(Duration.ofSeconds(10)).until(() -> notifications.get() >= before + 2);
        assertThat(notifications.get() - before).isEqualTo(2);
    }

    @Test
    void listenerReconnectsAfterItsConnectionIsKilledAndWorkResumes() throws Exception {
        Sluice listening = newSluice(b -> b.pollInterval(Duration.ofMinutes(10)));
        listening.queues().create("jobs");
        AtomicInteger handled = new AtomicInteger();
        listening.startWorkers("jobs", batch -> handled.addAndGet(batch.size()));
        await().atMost(Duration.ofSeconds(10)).until(listening::isListening);
        execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'sluice-listener'");
        // Sent while the listener may be down: the reconnect wake-up must find it anyway.
        sluice.enqueue("jobs", Message.json("{}"));
        await().atMost(Duration.ofSeconds(15)).until(() -> handled.get() == 1);
        await().atMost(Duration.ofSeconds(15)).until(listening::isListening);
        sluice.enqueue("jobs", Message.json("{}"));
        await().atMost(Duration.ofSeconds(15)).until(() -> handled.get() == 2);
    }
}
