package dev.sluice.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.SluiceTestSupport;
import dev.sluice.queue.Message;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Sluice's own enqueues wake other processes by the NOTIFY sent after their commit, never by the
 * trigger from inside it; an enqueue in your transaction still notifies from its commit.
 */
class AfterCommitWakeTest extends SluiceTestSupport {

    @Test
    void ownEnqueuesNotifyAfterCommitAndYourTransactionsFromTheirCommit() throws Exception {
        sluice.queues().create("jobs");
        String channel = schema + ".jobs";
        try (NotificationListener elsewhere = new NotificationListener(dataSource::getConnection)) {
            List<String> received = new CopyOnWriteArrayList<>();
            elsewhere.subscribe(channel, p -> received.add(String.valueOf(p)));
            await().atMost(Duration.ofSeconds(10)).until(() -> elsewhere.isListening(channel) && received.size() == 1);

            sluice.enqueue("jobs", Message.of(Map.of("n", 1)));                               // one round trip, marked
            sluice.enqueueBatch("jobs", List.of(Message.builder().json("{}").idempotencyKey("k").build())); // a transaction, marked
            execute("SELECT pg_notify('" + channel + "', 'fence')");
            await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("fence"));
            assertThat(received.subList(1, received.size())).doesNotContain("").contains("fence");
            assertThat(received.stream().filter(p -> p.startsWith("sluice-commit:")).count()).isPositive();

            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                sluice.enqueue(c, "jobs", Message.of(Map.of("n", 2))); // yours: the trigger notifies at your commit
                c.commit();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> received.contains(""));
            assertThat(sluice.queues().stats("jobs").depth()).isEqualTo(3);
        }
    }
}
