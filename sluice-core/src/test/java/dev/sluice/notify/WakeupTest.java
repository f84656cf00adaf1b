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
