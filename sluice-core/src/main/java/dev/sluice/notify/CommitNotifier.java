package dev.sluice.notify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wake-ups for the enqueues Sluice commits itself, sent after the commit instead of from inside it.
 *
 * <p>Why: a transaction that NOTIFYs holds one cluster-wide lock from its pre-commit until its end,
 * through its WAL flush, so notifying commits cannot share flushes: at a few hundred single-message
 * enqueues a second they queue behind each other's fsync, and that queue is most of their latency.
 * An enqueue transaction of Sluice's own is marked ({@link #MARK_SQL}: the wake-up trigger then sends
 * nothing) and calls {@link #committed} once it has committed. This process's subscribers of the
 * channel are called at once (its idle workers claim without waiting for a round trip through the
 * server), and a background thread sends one NOTIFY per channel for everything committed since its
 * last send, in a transaction of its own that writes no WAL and so waits for no flush. Other
 * processes are woken by that NOTIFY as before; this process's listener drops it (its payload is
 * this notifier's origin), having been woken already.
 *
 * <p>A NOTIFY that cannot be sent (connection lost) is logged and retried with the next commit;
 * meanwhile other processes' workers find the messages at their poll interval.
 */
public final class CommitNotifier implements AutoCloseable {

    /** Run inside an enqueue transaction that will call {@link #committed}: its trigger then skips the NOTIFY. */
    public static final String MARK_SQL = "SELECT set_config('sluice.notify', 'after_commit', true)";

    private static final Logger log = LoggerFactory.getLogger(CommitNotifier.class);
    private static final String NOTIFY_SQL = "SELECT pg_notify(channel, ?) FROM unnest(?::text[]) AS channel";

    private final DataSource dataSource;
    private final NotificationListener listener;
    private final String origin = "sluice-commit:" + UUID.randomUUID();
    private final Set<String> pending = new LinkedHashSet<>();
    private final Thread thread;
    private boolean running = true;
    private int failures;

    /**
     * @param dataSource where the NOTIFYs are sent (autocommit connections)
     * @param listener this process's listener: its subscribers are called at once, and it drops the
     *     NOTIFYs this notifier sends
     */
    public CommitNotifier(DataSource dataSource, NotificationListener listener) {
        this.dataSource = dataSource;
        this.listener = listener;
        listener.ignorePayload(origin);
        this.thread = new Thread(this::loop, "sluice-commit-notifier");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** The payload of this notifier's NOTIFYs (what its own process's listener drops). */
    public String origin() {
        return origin;
    }

    /** A transaction marked with {@link #MARK_SQL} committed messages into {@code channel}'s queue: wake its workers. */
    public void committed(String channel) {
        listener.deliverLocally(channel);
        synchronized (this) {
            pending.add(channel);
            notifyAll();
        }
    }

    private void loop() {
        while (true) {
            String[] channels;
            synchronized (this) {
                while (running && pending.isEmpty()) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (pending.isEmpty()) {
                    return; // closed, nothing left to send
                }
                channels = pending.toArray(new String[0]);
                pending.clear();
            }
            send(channels);
        }
    }

    private void send(String[] channels) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(NOTIFY_SQL)) {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            ps.setString(1, origin);
            ps.setArray(2, c.createArrayOf("text", channels));
            ps.execute();
            failures = 0;
        } catch (SQLException | RuntimeException e) {
            failures++;
            if (failures <= 3 || failures % 100 == 0) {
                log.warn("Could not send the wake-up of {} to other processes (attempt {}); their workers find the messages "
                        + "at their poll interval: {}", String.join(", ", channels), failures, e.toString());
            }
        }
    }

    /** Sends what is pending, then stops the thread. */
    @Override
    public void close() {
        synchronized (this) {
            running = false;
            notifyAll();
        }
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        listener.unignorePayload(origin);
    }
}
