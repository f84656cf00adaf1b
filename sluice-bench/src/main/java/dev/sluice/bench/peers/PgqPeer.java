package dev.sluice.bench.peers;

import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.embedded.EmbeddedDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * PgQ (Skytools' queue, Debian's {@code postgresql-NN-pgq3}) when the target server has the
 * extension: producers call {@code pgq.insert_event}; one consumer (PgQ's model: a consumer reads
 * its batches in order) loops on {@code next_batch} / {@code get_batch_events} /
 * {@code finish_batch}, one transaction a batch; a ticker thread stands in for pgqd.
 */
final class PgqPeer extends InProcessPeer {

    static final long TICKER_PERIOD_MS = 10;
    static final long IDLE_SLEEP_MS = 10;

    private HikariDataSource dataSource;
    private String extensionVersion = "?";
    private final AtomicLong enqueued = new AtomicLong();
    private final AtomicLong finished = new AtomicLong();
    private final AtomicLong ticks = new AtomicLong();
    private volatile boolean open;
    private volatile boolean consuming;
    private Thread ticker;
    private Thread consumer;

    @Override
    public String name() {
        return "pgq";
    }

    @Override
    public String version() {
        return "PgQ " + extensionVersion;
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("consumers", 1);
        s.put("ticker_period_ms", TICKER_PERIOD_MS);
        s.put("ticker_max_count", 500);
        s.put("ticker_max_lag_ms", 10);
        s.put("idle_sleep_ms", IDLE_SLEEP_MS);
        s.put("enqueue", "insert_event over unnest(text[]), " + ENQUEUE_BATCH + " a statement, " + PRODUCERS + " producers");
        return s;
    }

    @Override
    public void checkAvailable(String serverJdbcUrl) throws PeerUnavailable {
        try (HikariDataSource probe = EmbeddedDatabase.pooledDataSource(serverJdbcUrl, 1, Map.of());
             Connection c = probe.getConnection();
             PreparedStatement ps = c.prepareStatement(PeerSql.load("pgq_available.sql"));
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new PeerUnavailable("PgQ skipped: the pgq extension is not installed for this server ("
                        + c.getMetaData().getDatabaseProductVersion() + "); on Debian install postgresql-"
                        + c.getMetaData().getDatabaseMajorVersion() + "-pgq3 and pass --jdbc-url to that server");
            }
            extensionVersion = rs.getString(1);
        } catch (SQLException e) {
            throw new PeerUnavailable("PgQ skipped: could not ask the server for the pgq extension: " + e.getMessage());
        }
    }

    @Override
    public void open(String jdbcUrl) throws Exception {
        dataSource = EmbeddedDatabase.pooledDataSource(jdbcUrl, LATENCY_PRODUCERS + 4, Map.of());
        PeerSql.execute(dataSource, PeerSql.load("pgq_setup.sql"));
        open = true;
        ticker = new Thread(this::tick, "pgq-ticker");
        ticker.setDaemon(true);
        ticker.start();
    }

    private void tick() {
        String sql = PeerSql.load("pgq_ticker.sql");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            while (open) {
                ps.execute();
                ticks.incrementAndGet();
                Thread.sleep(TICKER_PERIOD_MS);
            }
        } catch (SQLException e) {
            if (open) {
                throw new IllegalStateException("PgQ ticker failed: " + e.getMessage(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    protected void enqueueBatch(int from, int to) throws SQLException {
        String[] data = new String[to - from];
        for (int i = from; i < to; i++) {
            data[i - from] = Integer.toString(i);
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(PeerSql.load("pgq_enqueue.sql"))) {
            ps.setArray(1, c.createArrayOf("text", data));
            ps.execute();
        }
        enqueued.addAndGet(data.length);
    }

    @Override
    protected void enqueueOne(int id) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(PeerSql.load("pgq_enqueue_one.sql"))) {
            ps.setString(1, Integer.toString(id));
            ps.execute();
        }
        enqueued.incrementAndGet();
    }

    @Override
    protected void startWorkers() {
        consuming = true;
        consumer = new Thread(this::consume, "pgq-consumer");
        consumer.start();
    }

    private void consume() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement next = c.prepareStatement(PeerSql.load("pgq_next_batch.sql"));
             PreparedStatement events = c.prepareStatement(PeerSql.load("pgq_batch_events.sql"));
             PreparedStatement finish = c.prepareStatement(PeerSql.load("pgq_finish_batch.sql"))) {
            c.setAutoCommit(false);
            while (consuming) {
                long batch;
                try (ResultSet rs = next.executeQuery()) {
                    rs.next();
                    batch = rs.getLong(1);
                    if (rs.wasNull()) {
                        c.commit();
                        Thread.sleep(IDLE_SLEEP_MS);
                        continue;
                    }
                }
                int n = 0;
                events.setLong(1, batch);
                try (ResultSet rs = events.executeQuery()) {
                    while (rs.next()) {
                        handled(Integer.parseInt(rs.getString(1)));
                        n++;
                    }
                }
                finish.setLong(1, batch);
                finish.execute();
                c.commit();
                finished.addAndGet(n);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PgQ consumer failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    protected void stopWorkers() throws InterruptedException {
        consuming = false;
        if (consumer != null) {
            consumer.join();
            consumer = null;
        }
    }

    /**
     * Events whose batch has not been finished: counted as the consumer commits {@code finish_batch}
     * while events remain, then read from PgQ's own tables once the ticker has run past every
     * committed event. (Not {@code pgq.force_tick}: it advances the event sequence by 2,001, which
     * PgQ then reports as pending until a consumer reads the empty batch.)
     */
    @Override
    public long pending() throws Exception {
        long unfinished = enqueued.get() - finished.get();
        if (unfinished > 0) {
            return unfinished;
        }
        // Events committed before now are in a tick once ticker_max_lag (10 ms) has passed and the ticker ran.
        long seen = ticks.get();
        while (ticks.get() < seen + 3) {
            Thread.sleep(1);
        }
        return PeerSql.count(dataSource, PeerSql.load("pgq_consumer_pending.sql"));
    }

    @Override
    public void close() throws Exception {
        stopWorkers();
        open = false;
        if (ticker != null) {
            ticker.join();
        }
        if (dataSource != null) {
            dataSource.close();
        }
    }
}
