package dev.sluice.bench.peers;

import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.embedded.EmbeddedDatabase;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.server.JobActivator;
import org.jobrunr.storage.sql.postgres.PostgresStorageProvider;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;

/**
 * JobRunr 8.2.0 (open source) on its PostgreSQL storage provider, a no-op static job, set up for
 * throughput as its documentation describes the knobs: the poll interval at the smallest value the
 * SQL storage providers accept (5 s; the default is 15 s) and JobRunr's own default of 8 workers
 * per CPU core. Jobs are enqueued with {@code JobScheduler.enqueue(Stream, lambda)}, JobRunr's
 * bulk API (one batch insert per call).
 */
final class JobRunrPeer extends InProcessPeer {

    static final Duration POLL_INTERVAL = Duration.ofSeconds(5);
    static final int WORKERS = 8 * Runtime.getRuntime().availableProcessors();

    private HikariDataSource dataSource;
    private PostgresStorageProvider storage;
    private JacksonJsonMapper json;
    private JobScheduler scheduler;
    private BackgroundJobServer server;

    @Override
    public String name() {
        return "jobrunr";
    }

    @Override
    public String version() {
        return "JobRunr " + PeerVersions.of(JobScheduler.class, "8.2.0");
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("workers", WORKERS);
        s.put("poll_interval_ms", POLL_INTERVAL.toMillis());
        s.put("pool", WORKERS + LATENCY_PRODUCERS + 4);
        s.put("enqueue", "JobScheduler.enqueue(Stream), " + ENQUEUE_BATCH + " a call, " + PRODUCERS + " producers");
        return s;
    }

    @Override
    public void open(String jdbcUrl) {
        dataSource = EmbeddedDatabase.pooledDataSource(jdbcUrl, WORKERS + LATENCY_PRODUCERS + 4, Map.of());
        json = new JacksonJsonMapper();
        storage = new PostgresStorageProvider(dataSource); // creates JobRunr's tables
        storage.setJobMapper(new JobMapper(json));
        scheduler = new JobScheduler(storage);
        JobRunrNoOpJob.sink = this::handled;
    }

    @Override
    protected void enqueueBatch(int from, int to) {
        scheduler.enqueue(IntStream.range(from, to).boxed(), id -> JobRunrNoOpJob.run(id));
    }

    @Override
    protected void enqueueOne(int id) {
        Integer boxed = id;
        scheduler.enqueue(() -> JobRunrNoOpJob.run(boxed));
    }

    @Override
    protected void startWorkers() {
        JobActivator none = new JobActivator() {
            @Override
            public <T> T activateJob(Class<T> type) {
                return null; // static job method: nothing to activate
            }
        };
        server = new BackgroundJobServer(storage, json, none, BackgroundJobServerConfiguration
                .usingStandardBackgroundJobServerConfiguration().andWorkerCount(WORKERS).andPollInterval(POLL_INTERVAL));
        server.start();
    }

    @Override
    protected void stopWorkers() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    @Override
    public long pending() throws Exception {
        return PeerSql.count(dataSource, PeerSql.load("jobrunr_pending.sql"));
    }

    @Override
    public void close() {
        stopWorkers();
        if (storage != null) {
            storage.close();
        }
        if (dataSource != null) {
            dataSource.close();
        }
    }
}
