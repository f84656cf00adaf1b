package dev.sluice.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.SluiceTestSupport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class NotificationListenerTest extends SluiceTestSupport {

    @Test
    void aNewChannelsSubscribersAreToldOnceWhenItsListenIsInPlaceThenGetEveryNotification() throws Exception {
        try (NotificationListener listener = new NotificationListener(dataSource::getConnection)) {
            await().atMost(Duration.ofSeconds(10)).until(listener::isConnected);
            String channel = schema + ".late";
            List<String> received = new CopyOnWriteArrayList<>();
            // Subscribed on a connection that is already up: the LISTEN follows within a poll, and
            // anything sent before it would be lost, so the subscriber is told to look (null).
            listener.subscribe(channel, p -> received.add(String.valueOf(p)));
            await().atMost(Duration.ofSeconds(10)).until(() -> listener.isListening(channel) && !received.isEmpty());
            assertThat(received).containsExactly("null");

            execute("SELECT pg_notify('" + channel + "', 'hello')");
            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
            assertThat(received).containsExactly("null", "hello");
        }
    }
}
