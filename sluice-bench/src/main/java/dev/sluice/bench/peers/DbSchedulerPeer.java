package dev.sluice.bench.peers;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.embedded.EmbeddedDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * db-scheduler 16.7.1 with a no-op one-time task, set up as its README recommends for throughput:
 * the {@code lock-and-fetch} polling strategy ({@code SELECT ... FOR UPDATE SKIP LOCKED}, "if you
 * are running >1000 executions/s") with the configuration of the README's own benchmark table
 * (20 threads, lower limit 4.0, upper limit 20.0 fractions of the threads: 10,600 executions/s
 * there; "for normal usage" it suggests 0.5, 1.0, which this benchmark used before), and immediate
 * execution for jobs scheduled to now. Jobs are task instances {@code noop/<id>}, enqueued with
 * {@code scheduleBatch}.
 */
final class DbSchedulerPeer extends InProcessPeer {

    static final int THREADS = 20;
    static final double LOWER_LIMIT_FRACTION = 4.0;
    static final double UPPER_LIMIT_FRACTION = 20.0;
    static final Duration POLLING_INTERVAL = Duration.ofSeconds(1);

    private final OneTimeTask<Void> task = Tasks.oneTime("noop").execute((instance, context) -> handled(Integer.parseInt(instance.getId())));
    private HikariDataSource dataSource;
    private Scheduler scheduler;
    private SchedulerClient client;

    @Override
    public String name() {
        return "db-scheduler";
    }

    @Override
    public String version() {
        return "db-scheduler " + PeerVersions.of(Scheduler.class, "16.7.1");
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("threads", THREADS);
        s.put("polling_strategy", "lock-and-fetch(" + LOWER_LIMIT_FRACTION + ", " + UPPER_LIMIT_FRACTION + ")");
        s.put("polling_interval_ms", POLLING_INTERVAL.toMillis());
        s.put("immediate_execution", true);
        s.put("pool", THREADS + LATENCY_PRODUCERS + 4);
        s.put("enqueue", "scheduleBatch, " + ENQUEUE_BATCH + " a call, " + PRODUCERS + " producers");
        return s;
    }

    @Override
    public void open(String jdbcUrl) throws Exception {
        dataSource = EmbeddedDatabase.pooledDataSource(jdbcUrl, THREADS + LATENCY_PRODUCERS + 4, Map.of());
        PeerSql.execute(dataSource, PeerSql.load("db_scheduler_tables.sql"));
        client = SchedulerClient.Builder.create(dataSource, task).build();
    }

    private com.github.kagkarlsson.scheduler.SchedulerBuilder builder() {
        return Scheduler.create(dataSource, task).threads(THREADS)
                .pollUsingLockAndFetch(LOWER_LIMIT_FRACTION, UPPER_LIMIT_FRACTION)
                .pollingInterval(POLLING_INTERVAL).enableImmediateExecution();
    }

    @Override
    protected void enqueueBatch(int from, int to) {
        List<TaskInstance<?>> instances = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            instances.add(task.instance(Integer.toString(i)));
        }
        client.scheduleBatch(instances, Instant.now());
    }

    @Override
    protected void enqueueOne(int id) {
        // The running scheduler's own client, so that immediate execution sees the job.
        (scheduler != null ? scheduler : client).schedule(task.instance(Integer.toString(id)), Instant.now());
    }

    @Override
    protected void startWorkers() {
        scheduler = builder().build();
        scheduler.start();
    }

    @Override
    protected void stopWorkers() {
        if (scheduler != null) {
            scheduler.stop();
            scheduler = null;
        }
    }

    @Override
    public long pending() throws Exception {
        return PeerSql.count(dataSource, PeerSql.load("db_scheduler_pending.sql"));
    }

    @Override
    public void close() {
        stopWorkers();
        if (dataSource != null) {
            dataSource.close();
        }
    }
}
