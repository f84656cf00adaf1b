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
