package dev.sluice.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.SluiceTestSupport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Wake-ups sent after a commit: this process's subscribers are told at once, on the committing
 * thread; other processes get the NOTIFY; this process's own listener drops it (told already).
 */
class CommitNotifierTest extends SluiceTestSupport {

    @Test
    void aCommitWakesThisProcessAtOnceAndOthersByNotify() throws Exception {
        String channel = schema + ".jobs";
        try (NotificationListener here = new NotificationListener(dataSource::getConnection);
             NotificationListener elsewhere = new NotificationListener(dataSource::getConnection)) {
            List<String> local = new CopyOnWriteArrayList<>();
            List<String> remote = new CopyOnWriteArrayList<>();
            here.subscribe(channel, p -> local.add(String.valueOf(p)));
            elsewhere.subscribe(channel, p -> remote.add(String.valueOf(p)));
            await().atMost(Duration.ofSeconds(10)).until(() -> here.isListening(channel) && elsewhere.isListening(channel)
                    && local.size() == 1 && remote.size() == 1); // each told once that its LISTEN is in place (null)

            try (CommitNotifier notifier = new CommitNotifier(dataSource, here)) {
                notifier.committed(channel);
                assertThat(local).containsExactly("null", ""); // at once, before any round trip
                await().atMost(Duration.ofSeconds(10)).until(() -> remote.size() == 2);
                assertThat(remote).containsExactly("null", notifier.origin());

                // A fence: once a plain notification sent after the commit's NOTIFY has arrived here,
                // the commit's NOTIFY has too, and it must have been dropped.
                execute("SELECT pg_notify('" + channel + "', 'fence')");
                await().atMost(Duration.ofSeconds(10)).until(() -> local.contains("fence"));
                assertThat(local).containsExactly("null", "", "fence");
            }
        }
    }

    @Test
    void commitsWhileANotifyIsBeingSentShareTheNextOne() throws Exception {
        String a = schema + ".a";
        String b = schema + ".b";
        try (NotificationListener here = new NotificationListener(dataSource::getConnection);
             NotificationListener elsewhere = new NotificationListener(dataSource::getConnection)) {
            List<String> remote = new CopyOnWriteArrayList<>();
            elsewhere.subscribe(a, p -> remote.add("a:" + p));
            elsewhere.subscribe(b, p -> remote.add("b:" + p));
            await().atMost(Duration.ofSeconds(10)).until(() -> elsewhere.isListening(a) && elsewhere.isListening(b) && remote.size() == 2);
            try (CommitNotifier notifier = new CommitNotifier(dataSource, here)) {
                for (int i = 0; i < 200; i++) {
                    notifier.committed(i % 2 == 0 ? a : b);
                }
                String fence = schema + ".fence";
                List<String> fenced = new CopyOnWriteArrayList<>();
                elsewhere.subscribe(fence, fenced::add);
                await().atMost(Duration.ofSeconds(10)).until(() -> elsewhere.isListening(fence));
                execute("SELECT pg_notify('" + fence + "', 'after')");
                await().atMost(Duration.ofSeconds(10)).until(() -> fenced.contains("after"));
                // Both channels were woken, by far fewer NOTIFYs than commits (PostgreSQL folds
                // identical notifications of one transaction, and pending channels are sent together).
                List<String> wakeUps = remote.subList(2, remote.size());
                assertThat(wakeUps).contains("a:" + notifier.origin(), "b:" + notifier.origin());
                assertThat(wakeUps.size()).isLessThan(200);
            }
        }
    }
}
