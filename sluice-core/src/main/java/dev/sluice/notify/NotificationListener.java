package dev.sluice.notify;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One dedicated connection per process, outside the pool, that LISTENs on every channel a
 * subscriber asked for and calls the subscribers on each notification.
 *
 * <p>Notifications are hints. Each time a channel's LISTEN is put in place (first subscription,
 * and again after a reconnect with backoff) the channel's subscribers are called once with a null
 * payload, because notifications sent before that are lost: a subscriber then looks for work.
 */
public final class NotificationListener implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NotificationListener.class);
    private static final int POLL_MILLIS = 250;
    private static final long PING_NANOS = 5_000_000_000L;

    /** Opens a new connection to the database. */
    @FunctionalInterface
    public interface ConnectionFactory {
        Connection open() throws SQLException;
    }

    private final ConnectionFactory factory;
    private final Map<String, CopyOnWriteArrayList<Consumer<String>>> subscribers = new ConcurrentHashMap<>();
    private final Set<String> listening = ConcurrentHashMap.newKeySet();
    private final Set<String> ignoredPayloads = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean connected;

    public NotificationListener(ConnectionFactory factory) {
        this.factory = factory;
        this.thread = new Thread(this::loop, "sluice-listener");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Calls {@code onNotify} with the payload of every notification on {@code channel}, and with
     * {@code null} each time the channel's LISTEN is put in place (first subscription, reconnect),
     * since notifications sent before that are lost.
     */
    public void subscribe(String channel, Consumer<String> onNotify) {
        subscribers.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(onNotify);
    }

    /**
     * Calls {@code channel}'s subscribers now, on the caller's thread, as a notification with an
     * empty payload would: for a wake-up this process knows of before the server could tell it
     * ({@link CommitNotifier}).
     */
    public void deliverLocally(String channel) {
        CopyOnWriteArrayList<Consumer<String>> list = subscribers.get(channel);
        if (list != null) {
            list.forEach(sub -> deliver(channel, sub, ""));
        }
    }

    /** Drops notifications with this payload: wake-ups this process sent and has delivered itself. */
    public void ignorePayload(String payload) {
        ignoredPayloads.add(payload);
    }

    /** Stops dropping notifications with this payload. */
    public void unignorePayload(String payload) {
        ignoredPayloads.remove(payload);
    }

    /** Removes a subscription. */
    public void unsubscribe(String channel, Consumer<String> onNotify) {
        CopyOnWriteArrayList<Consumer<String>> list = subscribers.get(channel);
        if (list != null) {
            list.remove(onNotify);
        }
    }

    /**
     * Whether {@code channel} is being listened to now. A channel subscribed to is LISTENed within
     * a poll interval (250 ms); a NOTIFY sent before that is not received, which is why the
     * subscribers are then called with null.
     */
    public boolean isListening(String channel) {
        return connected && listening.contains(channel);
    }

    /** Whether the LISTEN connection is up now. */
    public boolean isConnected() {
        return connected;
    }

    private void loop() {
        int failures = 0;
        while (running) {
            try (Connection c = factory.open()) {
                listening.clear();
                connected = true;
                if (failures > 0) {
                    // Anything sent while we were away is gone: each channel's subscribers are called
                    // with null when its LISTEN is in place again (listenLoop).
                    log.info("LISTEN connection re-established after {} failed attempt(s)", failures);
                }
                failures = 0;
                listenLoop(c);
            } catch (SQLException | RuntimeException e) {
                connected = false;
                if (!running) {
                    return;
                }
                failures++;
                if (failures <= 3 || failures % 30 == 0) {
                    log.warn("LISTEN connection failed (attempt {}): {}", failures, e.toString());
                }
                sleep(Math.min(5_000, 100L << Math.min(failures, 6)));
            }
        }
        connected = false;
    }

    private void listenLoop(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        long lastPing = System.nanoTime();
        while (running) {
            for (String channel : subscribers.keySet()) {
                if (!listening.contains(channel)) {
                    try (Statement s = c.createStatement()) {
                        s.execute("LISTEN \"" + channel.replace("\"", "\"\"") + "\"");
                    }
                    listening.add(channel);
                    // A NOTIFY sent between subscribe() and this LISTEN was missed: let the channel's
                    // subscribers look for work once, as after a reconnect.
                    CopyOnWriteArrayList<Consumer<String>> list = subscribers.get(channel);
                    if (list != null) {
                        list.forEach(sub -> deliver(channel, sub, null));
                    }
                }
            }
            PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
            if (notifications != null) {
                for (PGNotification n : notifications) {
                    if (ignoredPayloads.contains(n.getParameter())) {
                        continue;
                    }
                    CopyOnWriteArrayList<Consumer<String>> list = subscribers.get(n.getName());
                    if (list != null) {
                        for (Consumer<String> s : list) {
                            deliver(n.getName(), s, n.getParameter());
                        }
                    }
                }
            }
            if (System.nanoTime() - lastPing > PING_NANOS) {
                // getNotifications does not notice a silently dead peer; a round trip does.
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT 1");
                }
                lastPing = System.nanoTime();
            }
        }
    }

    private static void deliver(String channel, Consumer<String> subscriber, String payload) {
        try {
            subscriber.accept(payload);
        } catch (RuntimeException e) {
            log.warn("Subscriber of channel {} failed: {}", channel, e.toString());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
