package dev.sluice;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.capture.CaptureSpec;
import dev.sluice.capture.TriggerCapture;
import dev.sluice.deadletter.DeadLetters;
import dev.sluice.jdbc.Transactions;
import dev.sluice.lease.Lease;
import dev.sluice.lease.LeaseOptions;
import dev.sluice.lease.LeasedHandler;
import dev.sluice.lease.LeasedWorkers;
import dev.sluice.lease.Leases;
import dev.sluice.maintenance.Maintenance;
import dev.sluice.notify.CommitNotifier;
import dev.sluice.notify.NotificationListener;
import dev.sluice.queue.EnqueueResult;
import dev.sluice.queue.Enqueuer;
import dev.sluice.queue.Message;
import dev.sluice.queue.QueueAdmin;
import dev.sluice.queue.QueueStatements;
import dev.sluice.queue.QueueTable;
import dev.sluice.schedule.Schedules;
import dev.sluice.schema.CoreMigrations;
import dev.sluice.stats.QueueGauges;
import dev.sluice.worker.BatchHandler;
import dev.sluice.worker.QueueCounters;
import dev.sluice.worker.Wakeup;
import dev.sluice.worker.WorkerOptions;
import dev.sluice.worker.Workers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;

/**
 * The entry point: queues, enqueue, workers, trigger capture and dead letters on one PostgreSQL.
 *
 * <pre>{@code
 * try (Sluice sluice = Sluice.start(SluiceConfig.builder().jdbcUrl(url).build())) {
 *     sluice.queues().create("emails");
 *     sluice.enqueue("emails", Message.of(Map.of("to", "ada@example.com")));
 *     sluice.startWorkers("emails", WorkerOptions.DEFAULTS, batch -> {
 *         for (ReceivedMessage m : batch.messages()) {
 *             // write through batch.connection(): it commits with the acknowledgement
 *         }
 *     });
 * }
 * }</pre>
 *
 * <p>Thread-safe. One instance per process and database is the intended use; it owns one LISTEN
 * connection, one maintenance thread and one schedule ticker thread.
 */
public final class Sluice implements AutoCloseable {

    private final SluiceConfig config;
    private final DataSource dataSource;
    private final HikariDataSource ownedPool;
    private final QueueStatements statements = new QueueStatements();
    private final QueueAdmin queues;
    private final Enqueuer enqueuer;
    private final DeadLetters deadLetters;
    private final TriggerCapture capture;
    private final Maintenance maintenance;
    private final NotificationListener listener;
    private final CommitNotifier commitNotifier;
    private final Schedules schedules;
    private final Map<String, Wakeup> wakeups = new ConcurrentHashMap<>();
    private final Map<String, QueueCounters> counters = new ConcurrentHashMap<>();
    private final List<Workers> workers = new CopyOnWriteArrayList<>();
    private final List<LeasedWorkers> leasedWorkers = new CopyOnWriteArrayList<>();
    private final Leases leases;
    private final java.util.Set<String> gaugedQueues = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private Sluice(SluiceConfig config) {
        this.config = config;
        if (config.dataSource() != null) {
            this.dataSource = config.dataSource();
            this.ownedPool = null;
        } else {
            this.ownedPool = createPool(config);
            this.dataSource = ownedPool;
        }
        try {
            if (config.migrate()) {
                CoreMigrations.migrator().migrate(dataSource, config.schema());
            }
            this.queues = new QueueAdmin(dataSource, config.schema(), statements);
            this.enqueuer = new Enqueuer(config.schema(), config.maxPayloadBytes(), statements);
            this.leases = new Leases(dataSource, config.schema(), statements, this::counters);
            this.deadLetters = new DeadLetters(dataSource, config.schema(), statements);
            this.capture = new TriggerCapture(dataSource, config.schema());
            this.maintenance = new Maintenance(dataSource, config.schema(), queues, statements, config.idempotencyWindow(), counters,
                    this::registerGauges, leases);
            this.listener = config.listenNotify() ? new NotificationListener(this::openListenConnection) : null;
            this.commitNotifier = listener == null ? null : new CommitNotifier(dataSource, listener);
            this.schedules = new Schedules(dataSource, config.schema(), enqueuer, queues, config.maxPayloadBytes(), config.tickSchedules());
        } catch (RuntimeException e) {
            if (ownedPool != null) {
                ownedPool.close();
            }
            throw e;
        }
    }

    /** Starts Sluice: connects, applies migrations (unless disabled) and starts maintenance. */
    public static Sluice start(SluiceConfig config) {
        return new Sluice(config);
    }

    /** Starts Sluice on a JDBC URL with every other setting at its default. */
    public static Sluice start(String jdbcUrl) {
        return new Sluice(SluiceConfig.builder().jdbcUrl(jdbcUrl).build());
    }

    private static HikariDataSource createPool(SluiceConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.jdbcUrl());
        if (config.username() != null) {
            hikari.setUsername(config.username());
        }
        if (config.password() != null) {
            hikari.setPassword(config.password());
        }
        hikari.setMaximumPoolSize(config.maxPoolSize());
        hikari.setMinimumIdle(Math.min(2, config.maxPoolSize()));
        hikari.setPoolName("sluice");
        hikari.setConnectionTimeout(10_000);
        hikari.setInitializationFailTimeout(5_000); // a wrong URL fails start within seconds, not after a long hang
        hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
        hikari.addDataSourceProperty("tcpKeepAlive", "true");
        return new HikariDataSource(hikari);
    }

    /** The LISTEN connection: outside the pool, so it never holds a pooled connection forever. */
    private Connection openListenConnection() throws SQLException {
        String url = config.jdbcUrl();
        String user = config.username();
        String password = config.password();
        if (url == null && dataSource instanceof HikariDataSource hikari) {
            url = hikari.getJdbcUrl();
            user = hikari.getUsername();
            password = hikari.getPassword();
        }
        if (url == null) {
            // An opaque DataSource: a connection of its own, held for as long as Sluice runs.
            return dataSource.getConnection();
        }
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        } else if (!url.contains("user=")) {
            props.setProperty("user", "postgres");
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("ApplicationName", "sluice-listener");
        return DriverManager.getConnection(url, props);
    }

    /** Creating, listing, pausing and dropping queues, and their statistics. */
    public QueueAdmin queues() {
        return queues;
    }

    /** Enqueues one message in a transaction of its own. */
    public EnqueueResult enqueue(String queue, Message message) {
        return enqueueBatch(queue, List.of(message)).get(0);
    }

    /**
     * Enqueues one message on your connection, in your transaction: if you roll back, it was never
     * enqueued. Sluice does not commit.
     */
    public EnqueueResult enqueue(Connection connection, String queue, Message message) {
        return enqueuer.enqueue(connection, queue, List.of(message)).get(0);
    }

    /** Enqueues a batch in one statement and one transaction of its own; results in input order. */
    public List<EnqueueResult> enqueueBatch(String queue, List<Message> messages) {
        ensureOpen();
        if (commitNotifier == null) {
            return Transactions.run(dataSource, "enqueue into queue \"" + queue + "\"", c -> enqueuer.enqueue(c, queue, messages));
        }
        // Woken after the commit, not by the trigger from inside it (CommitNotifier says why).
        List<EnqueueResult> results;
        if (Enqueuer.markable(messages)) {
            // One round trip: the mark and the insert run as one implicit transaction (no BEGIN, no COMMIT).
            try (Connection c = dataSource.getConnection()) {
                if (!c.getAutoCommit()) {
                    c.setAutoCommit(true);
                }
                results = enqueuer.enqueueMarked(c, queue, messages, CommitNotifier.MARK_SQL);
            } catch (SQLException e) {
                throw new SluiceException("Could not enqueue into queue \"" + queue + "\": " + e.getMessage(), e);
            }
        } else {
            results = Transactions.run(dataSource, "enqueue into queue \"" + queue + "\"", c -> {
                try (java.sql.Statement s = c.createStatement()) {
                    s.execute(CommitNotifier.MARK_SQL);
                }
                return enqueuer.enqueue(c, queue, messages);
            });
        }
        commitNotifier.committed(config.schema() + "." + queue);
        return results;
    }

    /** Enqueues a batch in one statement on your connection, in your transaction. */
    public List<EnqueueResult> enqueueBatch(Connection connection, String queue, List<Message> messages) {
        ensureOpen();
        return enqueuer.enqueue(connection, queue, messages);
    }

    /**
     * Starts {@code options.concurrency()} worker threads for the queue, each claiming up to
     * {@code options.batchSize()} messages per transaction and passing them to {@code handler}.
     * Close the returned {@link Workers} (or this Sluice) to stop them gracefully.
     */
    public Workers startWorkers(String queue, WorkerOptions options, BatchHandler handler) {
        ensureOpen();
        QueueTable table = new QueueTable(config.schema(), queue);
        queues.requireExists(queue);
        Wakeup wakeup = wakeup(table, options.concurrency());
        registerGauges(queue);
        QueueCounters queueCounters = counters(queue);
        Workers[] holder = new Workers[1];
        Workers started = new Workers(dataSource, table, statements, handler, options, wakeup, queueCounters,
                config.pollInterval(), config.sweepInterval(), config.shutdownTimeout(), config.claimObserver(),
                () -> workers.remove(holder[0]));
        holder[0] = started;
        workers.add(started);
        return started;
    }

    /**
     * Starts {@code options.concurrency()} leased worker threads for the queue: the at-least-once
     * mode, for handlers that call slow external services. Each claim commits at once and leases up
     * to {@code options.batchSize()} messages until a deadline, one attempt counted each; the handler
     * runs outside any transaction and acknowledges, fails or extends through its {@link Lease}
     * (returning acknowledges the rest, throwing fails it). A heartbeat extends running leases; a
     * lease that expires (the process died, the handler hung past a lost heartbeat) is redelivered
     * about a second after its deadline, and a message leased {@code maxAttempts} times without an
     * acknowledgement goes to the dead letters. Unlike {@link #startWorkers}, the handler's own
     * side effects are not part of the acknowledgement: a crash after them repeats them.
     */
    public LeasedWorkers startLeasedWorkers(String queue, LeaseOptions options, LeasedHandler handler) {
        ensureOpen();
        QueueTable table = new QueueTable(config.schema(), queue);
        queues.requireExists(queue);
        registerGauges(queue);
        LeasedWorkers[] holder = new LeasedWorkers[1];
        LeasedWorkers started = new LeasedWorkers(dataSource, table, statements, leases, options, handler,
                wakeup(table, options.concurrency()), config.pollInterval(), config.shutdownTimeout(), () -> leasedWorkers.remove(holder[0]));
        holder[0] = started;
        leasedWorkers.add(started);
        return started;
    }

    /** Leased deliveries by token: claim, acknowledge, fail, extend (what HTTP consumers use). */
    public Leases leases() {
        return leases;
    }

    private QueueCounters counters(String queue) {
        return counters.computeIfAbsent(queue, q -> new QueueCounters(q, config.meterRegistry()));
    }

    private Wakeup wakeup(QueueTable table, int concurrency) {
        String queue = table.queue();
        return wakeups.computeIfAbsent(queue, q -> {
            Wakeup w = new Wakeup(concurrency);
            if (listener != null) {
                // null: reconnected, notifications may have been lost; "resume": a paused queue
                // may have a backlog. Both wake every worker; an enqueue wakes one.
                listener.subscribe(table.channel(), payload -> {
                    if (payload == null || "resume".equals(payload)) {
                        w.signalAll();
                        workers.stream().filter(running -> running.queue().equals(queue)).forEach(Workers::refreshLimits);
                    } else {
                        w.signal();
                    }
                });
            }
            return w;
        });
    }

    /** Every queue gets its gauges, whether or not this process runs its workers (maintenance finds new queues). */
    private void registerGauges(String queue) {
        if (config.meterRegistry() != null && gaugedQueues.add(queue)) {
            QueueGauges.register(config.meterRegistry(), queues, queue);
        }
    }

    /**
     * Worker threads running in this process, by queue (queues without running workers are absent):
     * what a dashboard shows so that a queue nobody consumes is visible. Other processes' workers
     * are not counted.
     */
    public Map<String, Integer> runningWorkers() {
        Map<String, Integer> running = new java.util.TreeMap<>();
        for (Workers w : workers) {
            if (w.isRunning()) {
                running.merge(w.queue(), w.options().concurrency(), Integer::sum);
            }
        }
        return running;
    }

    /** Starts workers with {@link WorkerOptions#DEFAULTS}. */
    public Workers startWorkers(String queue, BatchHandler handler) {
        return startWorkers(queue, WorkerOptions.DEFAULTS, handler);
    }

    /** Installs a trigger that enqueues a table's changes at write time; see {@link CaptureSpec}. */
    public void capture(CaptureSpec spec) {
        ensureOpen();
        capture.install(spec);
    }

    /** Installing and removing trigger captures. */
    public TriggerCapture captures() {
        return capture;
    }

    /** Listing and re-driving dead letters. */
    public DeadLetters deadLetters() {
        return deadLetters;
    }

    /** Recurring schedules: cron or fixed-interval messages, enqueued once per tick across all processes. */
    public Schedules schedules() {
        return schedules;
    }

    /** Background upkeep; its steps can also be run on demand. */
    public Maintenance maintenance() {
        return maintenance;
    }

    /** Whether the LISTEN connection is up (false when NOTIFY is disabled). */
    public boolean isListening() {
        return listener != null && listener.isConnected();
    }

    /** The notification listener, for components that want their own channels (null when NOTIFY is disabled). */
    public NotificationListener notifications() {
        return listener;
    }

    /** The data source Sluice uses. */
    public DataSource dataSource() {
        return dataSource;
    }

    public SluiceConfig config() {
        return config;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("This Sluice instance is closed; start a new one.");
        }
    }

    /**
     * Stops all workers (in-flight batches get {@code shutdownTimeout} to finish), flushes counters,
     * closes the LISTEN connection, and closes the pool if Sluice created it.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        schedules.close();
        workers.parallelStream().forEach(Workers::close);
        leasedWorkers.parallelStream().forEach(LeasedWorkers::close);
        maintenance.close();
        if (commitNotifier != null) {
            commitNotifier.close();
        }
        if (listener != null) {
            listener.close();
        }
        if (ownedPool != null) {
            ownedPool.close();
        }
    }
}
