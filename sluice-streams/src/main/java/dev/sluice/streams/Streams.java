package dev.sluice.streams;

import dev.sluice.Sluice;
import dev.sluice.SluiceException;
import dev.sluice.jdbc.Transactions;
import dev.sluice.notify.NotificationListener;
import dev.sluice.schema.Identifiers;
import dev.sluice.schema.InvalidIdentifierException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Event streams: append-only logs in PostgreSQL that every subscription reads in full, each at its
 * own pace from its own durable position; replay; retention by dropping whole time partitions.
 *
 * <pre>{@code
 * Streams streams = Streams.start(sluice);
 * streams.create("scores", StreamOptions.builder().retention(Duration.ofDays(7)).build());
 * streams.append(connection, "scores", List.of(StreamRecord.of("ada", score)));   // in your transaction
 * streams.subscribe("scores", "leaderboard", StartFrom.earliest(), batch -> {
 *     for (StreamEvent e : batch.events()) {
 *         // write through batch.connection(): it commits with the subscription's new position
 *     }
 * });
 * }</pre>
 *
 * <p><b>Delivery.</b> Each subscription receives every retained event exactly once per position (a
 * crash rolls back the batch and the position with it), in (txid, id) order: by appending
 * transaction, then by append order within it. A batch holds only events of transactions older than
 * every transaction still running, so an event of a transaction that commits late, with a lower id
 * than events already delivered, is never skipped (the invariant is stated in
 * {@code migrations/V001__streams.sql}). Per key this is commit order whenever the later writer
 * started writing after the earlier one committed (for instance because both update the key's row);
 * events of one key from two transactions that write concurrently come in transaction-id order.
 * A transaction with an id left open holds back delivery (never loses it): keep writers short.
 *
 * <p><b>Several processes per subscription.</b> One batch at a time: each batch transaction takes the
 * subscription's advisory lock or leaves the batch to whoever holds it. A crashed process's batch
 * rolls back; another takes over within its poll interval. Thread-safe; one instance per process.
 */
public final class Streams implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Streams.class);
    static final int MAX_NAME_LENGTH = 40;

    private final DataSource dataSource;
    private final String schema;
    private final int maxPayloadBytes;
    private final long shutdownMillis;
    private final NotificationListener notifications;
    private final MeterRegistry registry;
    private final Appender appender;
    private final Subscriptions subscriptions;
    private final Retention retention;
    private final CaptureInstaller captures;
    private final StatsReader statsReader;
    private final StreamCatalog catalog;
    private final LagGauges lagGauges;
    private final Map<String, Counter> appendCounters = new ConcurrentHashMap<>();
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService maintenance;
    private volatile boolean closed;

    private Streams(Sluice sluice, StreamsConfig config) {
        this.dataSource = sluice.dataSource();
        this.schema = sluice.config().schema();
        this.maxPayloadBytes = sluice.config().maxPayloadBytes();
        this.shutdownMillis = sluice.config().shutdownTimeout().toMillis();
        this.notifications = sluice.notifications();
        this.registry = sluice.config().meterRegistry();
        StreamMigrations.migrator().migrate(dataSource, schema);
        this.catalog = new StreamCatalog(dataSource, schema);
        this.appender = new Appender(maxPayloadBytes);
        this.subscriptions = new Subscriptions(dataSource, this);
        this.retention = new Retention(dataSource, this, config.clock(), config.partitionsAhead());
        this.captures = new CaptureInstaller(dataSource);
        this.statsReader = new StatsReader(dataSource, this, config.clock());
        this.lagGauges = registry == null ? null : new LagGauges(dataSource, this, registry, config.clock(), config.lagGaugeRefresh());
        if (config.maintenanceInterval().isZero()) {
            this.maintenance = null;
        } else {
            this.maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "sluice-streams-maintenance");
                t.setDaemon(true);
                return t;
            });
            long period = config.maintenanceInterval().toMillis();
            maintenance.scheduleWithFixedDelay(this::maintain, period, period, TimeUnit.MILLISECONDS);
        }
    }

    /** Streams on a started Sluice (its pool, schema, LISTEN connection and meter registry), with default settings. */
    public static Streams start(Sluice sluice) {
        return new Streams(sluice, StreamsConfig.DEFAULTS);
    }

    public static Streams start(Sluice sluice, StreamsConfig config) {
        return new Streams(sluice, config);
    }

    /** Checks a stream or subscription name: 1 to 40 of {@code [a-z0-9_]}, starting with a letter. */
    public static String checkName(String name) {
        if (name != null && name.length() > MAX_NAME_LENGTH) {
            throw new InvalidIdentifierException("The name \"" + name.substring(0, Math.min(80, name.length())) + "\" is " + name.length()
                    + " characters long; stream and subscription names have at most " + MAX_NAME_LENGTH + ".");
        }
        return Identifiers.objectName("stream or subscription name", name);
    }

    /**
     * Creates the stream, or updates its retention settings if it exists (the partition interval of an
     * existing stream is kept), and creates its first partitions. Returns true if this call created it.
     */
    public boolean create(String stream, StreamOptions options) {
        ensureOpen();
        boolean created = catalog.create(stream, options);
        retention.ensurePartitions(stream);
        return created;
    }

    /** Drops the stream, its events and its subscriptions. Returns false if it did not exist. */
    public boolean drop(String stream) {
        return catalog.drop(stream, retention);
    }

    /** The names of all streams. */
    public List<String> list() {
        return catalog.list();
    }

    /** The stream's stored options. */
    public StreamOptions options(String stream) {
        return catalog.options(stream);
    }

    /** Appends one event in a transaction of its own; returns its id. */
    public long append(String stream, StreamRecord record) {
        return append(stream, List.of(record)).get(0);
    }

    /** Appends a batch in one statement and one transaction of its own; returns the ids in input order. */
    public List<Long> append(String stream, List<StreamRecord> records) {
        ensureOpen();
        StreamTable table = table(stream);
        appender.validate(stream, records);
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                List<Long> ids = Transactions.run(c, tx -> appender.append(tx, table, records));
                countAppended(stream, ids.size());
                return ids;
            } catch (SQLException e) {
                if (attempt == 1 && dev.sluice.queue.SqlStates.is(e, Appender.NO_PARTITION)) {
                    retention.ensurePartitions(stream); // maintenance fell behind the clock: catch up once and retry
                    continue;
                }
                throw Appender.explain(stream, e);
            }
        }
    }

    /**
     * Appends a batch on your connection, in your transaction: the events commit with your own rows or
     * not at all. Sluice does not commit.
     */
    public List<Long> append(Connection connection, String stream, List<StreamRecord> records) {
        ensureOpen();
        StreamTable table = table(stream);
        appender.validate(stream, records);
        try {
            List<Long> ids = appender.append(connection, table, records);
            countAppended(stream, ids.size()); // counted at append: Micrometer cannot see your commit
            return ids;
        } catch (SQLException e) {
            throw Appender.explain(stream, e);
        }
    }

    private void countAppended(String stream, int n) {
        if (registry != null) {
            appendCounters.computeIfAbsent(stream, s -> Counter.builder("sluice.stream.appended")
                    .description("Events appended by this process").tag("stream", s).register(registry)).increment(n);
        }
    }

    /** Committed events with id at or after {@code fromId}, in id order, for debugging (not a delivery order). */
    public List<StreamEvent> read(String stream, long fromId, int limit) {
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be between 1 and 10000; got " + limit + ".");
        }
        StreamTable table = table(stream);
        return Transactions.run(dataSource, "read stream \"" + stream + "\"", c -> {
            List<StreamEvent> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(table.sql("read_range.sql"))) {
                ps.setLong(1, fromId);
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(event(rs));
                    }
                }
            }
            return out;
        });
    }

    /** Creates the subscription at {@code from} if new, and consumes it in this process with default options. */
    public Subscriber subscribe(String stream, String subscription, StartFrom from, StreamHandler handler) {
        return subscribe(stream, subscription, from, SubscriberOptions.DEFAULTS, handler);
    }

    /**
     * Creates the subscription at {@code from} unless it exists (an existing one keeps its durable
     * position), and starts consuming it in this process. Close the returned {@link Subscriber} to stop.
     */
    public Subscriber subscribe(String stream, String subscription, StartFrom from, SubscriberOptions options, StreamHandler handler) {
        ensureOpen();
        StreamTable table = table(stream);
        subscriptions.create(stream, subscription, from);
        Subscriber[] holder = new Subscriber[1];
        Consumer<String> onNotify = payload -> holder[0].signal();
        Subscriber s = new Subscriber(dataSource, table, subscription, options, handler, registry, shutdownMillis, () -> {
            subscribers.remove(holder[0]);
            if (notifications != null) {
                notifications.unsubscribe(table.channel(), onNotify);
            }
        });
        holder[0] = s;
        subscribers.add(s);
        if (notifications != null) {
            notifications.subscribe(table.channel(), onNotify);
        }
        return s;
    }

    /**
     * Pull mode: handles at most one batch of an existing subscription on the calling thread, with the
     * same guarantees as a {@link Subscriber}, and returns how many events it handled: 0 when there is
     * nothing deliverable yet, or another process is handling a batch of this subscription right now.
     * A handler failure rolls the batch back and is thrown.
     */
    public int poll(String stream, String subscription, int maxEvents, StreamHandler handler) {
        ensureOpen();
        StreamTable table = table(stream);
        new SubscriberOptions(maxEvents, SubscriberOptions.DEFAULTS.pollInterval(), SubscriberOptions.DEFAULTS.maxBackoff());
        try {
            return new BatchReader(dataSource, table, subscription, maxEvents, handler).runOnce().count();
        } catch (RuntimeException e) {
            throw e;
        } catch (SQLException e) {
            throw new SluiceException("Could not poll subscription \"" + subscription + "\" of stream \"" + stream + "\": "
                    + e.getMessage() + ". Its position did not move.", e);
        } catch (Exception e) {
            throw new SluiceException("The handler of subscription \"" + subscription + "\" failed: " + e
                    + ". The batch was rolled back and its position did not move.", e);
        }
    }

    /** Creating, resetting (replay) and deleting subscriptions. */
    public Subscriptions subscriptions() {
        return subscriptions;
    }

    /** Partitions and retention, to run on demand. */
    public Retention retention() {
        return retention;
    }

    /** The stream's extent, append rate and every subscription's lag. */
    public StreamStats stats(String stream) {
        return statsReader.read(stream);
    }

    /** Installs (or replaces) a trigger that appends the table's changes to the stream. */
    public void capture(StreamCapture spec) {
        ensureOpen();
        if (spec.stream() == null) {
            throw new IllegalArgumentException("Capture of table " + spec.table() + " has no stream; call into(\"stream\").");
        }
        captures.install(table(spec.stream()), spec);
    }

    /** Removes a capture's triggers and function. */
    public void uncapture(StreamCapture spec) {
        captures.uninstall(table(spec.stream()), spec);
    }

    /** The table of an existing stream; {@link UnknownStreamException} otherwise. */
    StreamTable table(String stream) {
        return catalog.table(stream);
    }

    static StreamEvent event(ResultSet rs) throws SQLException {
        return new StreamEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant());
    }

    private void maintain() {
        try {
            for (String stream : list()) {
                retention.ensurePartitions(stream);
                retention.apply(stream);
            }
        } catch (RuntimeException e) {
            log.warn("Stream maintenance failed; the next run retries: {}", e.toString());
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("This Streams instance is closed; start a new one.");
        }
    }

    /** Stops every subscriber of this process (batches in flight finish) and the maintenance thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        subscribers.parallelStream().forEach(Subscriber::close);
        if (lagGauges != null) {
            lagGauges.close();
        }
        if (maintenance != null) {
            maintenance.shutdownNow();
        }
    }
}
