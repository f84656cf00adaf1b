package dev.sluice.bench;

import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import dev.sluice.embedded.DurableTarget;
import dev.sluice.lease.LeaseOptions;
import dev.sluice.lease.LeasedWorkers;
import dev.sluice.queue.Message;
import dev.sluice.queue.PayloadCodec;
import dev.sluice.queue.QueueLimits;
import dev.sluice.queue.ReceivedMessage;
import dev.sluice.worker.WorkerOptions;
import dev.sluice.worker.Workers;
import java.io.PrintStream;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code sluice bench leases}: lease mode against the transactional mode (burn-down of the same
 * no-op jobs, same threads and batch size, in the same run), redelivery after {@code kill -9} of a
 * leased worker process, and the global limits (concurrent batches across Sluice instances with
 * their own pools; rate per second). Figures are counted from committed rows; one JSON line on stdout.
 * Options: --jdbc-url URL --jobs 50000 --workers 4 --batch 150 --lease 5s --rate 1000 --rate-seconds 10
 * --instances 4 --max-batches 2 --parts burn,redelivery,limit,rate,lease-limit,lease-rate,http-rate (the last three:
 * the same limits for leased workers and HTTP consumers, {@link LeasedLimits}).
 */
public final class LeaseBenchmark {

    private static final String SCHEMA = "bench_leases";

    private LeaseBenchmark() {
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    public static void run(String[] args, PrintStream out) throws Exception {
        if (args.length > 0 && args[0].equals("--child")) {
            child(args[1], Integer.parseInt(args[2]));
            return;
        }
        int jobs = Integer.parseInt(option(args, "--jobs", "50000"));
        int workers = Integer.parseInt(option(args, "--workers", "4"));
        int batch = Integer.parseInt(option(args, "--batch", "150"));
        int leaseSeconds = (int) dev.sluice.DurationText.parse(option(args, "--lease", "5s")).toSeconds();
        double rate = Double.parseDouble(option(args, "--rate", "1000"));
        int rateSeconds = Integer.parseInt(option(args, "--rate-seconds", "10"));
        int instances = Integer.parseInt(option(args, "--instances", "4"));
        int maxBatches = Integer.parseInt(option(args, "--max-batches", "2"));
        Map<String, Object> result = new LinkedHashMap<>();
        try (DurableTarget target = DurableTarget.of(option(args, "--jdbc-url", null), System.err::println)) {
            String url = target.jdbcUrl();
            Map<String, Object> info = RunInfo.collect(url);
            System.err.println(RunInfo.describe(info));
            result.putAll(info);
            result.put("jobs", jobs);
            result.put("workers", workers);
            result.put("batch", batch);
            SluiceConfig config = SluiceConfig.builder().jdbcUrl(url).schema(SCHEMA).maxPoolSize(workers * 2 + 6).build();
            try (Sluice sluice = Sluice.start(config)) {
                List<String> parts = List.of(option(args, "--parts", "burn,redelivery,limit,rate,lease-limit,lease-rate,http-rate").split(","));
                result.put("parts", parts);
                if (parts.contains("burn")) {
                    burnDowns(sluice, jobs, workers, batch, result);
                }
                if (parts.contains("redelivery")) {
                    redelivery(sluice, url, leaseSeconds, result);
                }
                if (parts.contains("limit")) {
                    concurrencyLimit(sluice, config, instances, workers, maxBatches, result);
                }
                if (parts.contains("rate")) {
                    rateLimit(sluice, rate, rateSeconds, workers, batch, result);
                }
                // The same limits for leased consumers (LeasedLimits): in-process, and HTTP consumers.
                if (parts.contains("lease-limit")) {
                    LeasedLimits.concurrency(sluice, config, instances, workers, maxBatches, result);
                }
                if (parts.contains("lease-rate")) {
                    LeasedLimits.rate(sluice, SCHEMA, rate, rateSeconds, workers, batch, result);
                }
                if (parts.contains("http-rate")) {
                    LeasedLimits.httpRate(sluice, rate, rateSeconds, workers, batch, result);
                }
            }
        }
        out.println(PayloadCodec.mapper().writeValueAsString(result));
    }

    static void fill(Sluice sluice, String queue, int n) {
        List<Message> chunk = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            chunk.add(Message.of(Map.of("n", i)));
            if (chunk.size() == 5_000 || i == n - 1) {
                sluice.enqueueBatch(queue, chunk);
                chunk.clear();
            }
        }
    }

    static long await(Sluice sluice, String queue) throws InterruptedException {
        long start = System.nanoTime();
        while (sluice.queues().stats(queue).depth() > 0) {
            Thread.sleep(20);
        }
        return System.nanoTime() - start;
    }

    /** The same jobs, threads and batch size, transactional first then leased, each on a fresh queue. */
    private static void burnDowns(Sluice sluice, int jobs, int workers, int batch, Map<String, Object> result) throws Exception {
        sluice.queues().create("burn_tx");
        sluice.queues().create("burn_lease");
        fill(sluice, "burn_tx", jobs);
        fill(sluice, "burn_lease", jobs);
        System.err.println("burn-down: " + jobs + " jobs, " + workers + " threads, batch " + batch);
        double txRate;
        try (Workers w = sluice.startWorkers("burn_tx", WorkerOptions.builder().concurrency(workers).batchSize(batch).build(), b -> { })) {
            txRate = jobs / (await(sluice, "burn_tx") / 1e9);
        }
        double leaseRate;
        try (LeasedWorkers w = sluice.startLeasedWorkers("burn_lease", LeaseOptions.builder().concurrency(workers).batchSize(batch).build(),
                lease -> { })) {
            leaseRate = jobs / (await(sluice, "burn_lease") / 1e9);
        }
        System.err.printf("burn-down: transactional %.0f msg/s, leased %.0f msg/s, ratio %.2f%n", txRate, leaseRate, leaseRate / txRate);
        result.put("burn_transactional_per_s", Math.round(txRate));
        result.put("burn_leased_per_s", Math.round(leaseRate));
        result.put("burn_leased_to_transactional", Math.round(leaseRate / txRate * 100) / 100.0);
    }

    /** A child JVM leases a batch and hangs; SIGKILL; how long after the lease deadline the messages reach another worker. */
    private static void redelivery(Sluice sluice, String url, int leaseSeconds, Map<String, Object> result) throws Exception {
        sluice.queues().create("crash");
        fill(sluice, "crash", 20);
        exec(sluice, "CREATE TABLE IF NOT EXISTS " + SCHEMA + ".redelivered (id bigint PRIMARY KEY, at timestamptz NOT NULL DEFAULT clock_timestamp())");
        Process child = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LeaseBenchmark.class.getName(), "--child", url, Integer.toString(leaseSeconds))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        while (query(sluice, "SELECT count(*) FROM " + SCHEMA + ".leases WHERE queue = 'crash'") < 20) {
            Thread.sleep(20);
        }
        Thread.sleep(500); // let a heartbeat or two extend it, as a live worker's would
        child.destroyForcibly().waitFor(); // SIGKILL
        long deadlineMillis = query(sluice, "SELECT (extract(epoch FROM max(deadline)) * 1000)::bigint FROM " + SCHEMA + ".leases WHERE queue = 'crash'");
        try (LeasedWorkers w = sluice.startLeasedWorkers("crash", LeaseOptions.builder().concurrency(1).batchSize(20).build(), lease -> {
            try (Connection c = sluice.dataSource().getConnection();
                 PreparedStatement ps = c.prepareStatement("INSERT INTO " + SCHEMA + ".redelivered (id) VALUES (?) ON CONFLICT DO NOTHING")) {
                for (ReceivedMessage m : lease.messages()) {
                    ps.setLong(1, m.id());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        })) {
            while (query(sluice, "SELECT count(*) FROM " + SCHEMA + ".redelivered") < 20) {
                Thread.sleep(20);
            }
        }
        long lastMillis = query(sluice, "SELECT (extract(epoch FROM max(at)) * 1000)::bigint FROM " + SCHEMA + ".redelivered");
        double late = (lastMillis - deadlineMillis) / 1000.0;
        System.err.printf("redelivery after kill -9: all 20 redelivered %.2f s after the lease deadline (lease %d s; target <= 2 s) %s%n",
                late, leaseSeconds, late <= 2 ? "PASS" : "FAIL");
        result.put("redelivery_after_deadline_s", Math.round(late * 100) / 100.0);
        result.put("redelivery_lease_s", leaseSeconds);
    }

    /** The child of {@link #redelivery}: leases 20 messages and hangs in its handler, extended by the heartbeat. */
    private static void child(String url, int leaseSeconds) throws Exception {
        Sluice sluice = Sluice.start(SluiceConfig.builder().jdbcUrl(url).schema(SCHEMA).migrate(false).build());
        sluice.startLeasedWorkers("crash", LeaseOptions.builder().concurrency(1).batchSize(20).lease(Duration.ofSeconds(leaseSeconds)).build(),
                lease -> Thread.sleep(Long.MAX_VALUE));
        Thread.sleep(Long.MAX_VALUE);
    }

    /** Several Sluice instances (own pools) on one queue limited to maxBatches; the most overlapping batches from committed rows. */
    private static void concurrencyLimit(Sluice sluice, SluiceConfig config, int instances, int workers, int maxBatches,
                                         Map<String, Object> result) throws Exception {
        sluice.queues().create("limited");
        sluice.queues().setLimits("limited", QueueLimits.maxConcurrentBatches(maxBatches));
        exec(sluice, "CREATE TABLE IF NOT EXISTS " + SCHEMA + ".spans (started timestamptz NOT NULL, ended timestamptz NOT NULL)");
        int jobs = 4_000;
        fill(sluice, "limited", jobs);
        List<Sluice> others = new ArrayList<>();
        List<Workers> running = new ArrayList<>();
        long start = System.nanoTime();
        try {
            for (int i = 0; i < instances; i++) {
                Sluice s = i == 0 ? sluice : Sluice.start(config.toBuilder().migrate(false).build());
                if (i > 0) {
                    others.add(s);
                }
                running.add(s.startWorkers("limited", WorkerOptions.builder().concurrency(workers).batchSize(20).build(), b -> {
                    try (Statement st = b.connection().createStatement()) {
                        st.execute("SELECT pg_sleep(0.005)");
                        st.execute("INSERT INTO " + SCHEMA + ".spans SELECT statement_timestamp() - interval '5 milliseconds', clock_timestamp()");
                    }
                }));
            }
            while (sluice.queues().stats("limited").depth() > 0) {
                Thread.sleep(20);
            }
        } finally {
            running.forEach(Workers::close);
            others.forEach(Sluice::close);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // Each batch's handler span, +1 at its start and -1 at its end; the running sum's maximum is the most at once.
        long overlap = query(sluice, "SELECT max(n) FROM (SELECT sum(d) OVER (ORDER BY t, d) AS n FROM ("
                + "SELECT started AS t, 1 AS d FROM " + SCHEMA + ".spans UNION ALL SELECT ended, -1 FROM " + SCHEMA + ".spans) e) s");
        long spans = query(sluice, "SELECT count(*) FROM " + SCHEMA + ".spans");
        System.err.printf("concurrency limit %d over %d instances x %d threads: %d batches, most at once %d, %.0f msg/s %s%n",
                maxBatches, instances, workers, spans, overlap, jobs / seconds, overlap <= maxBatches ? "PASS" : "FAIL");
        result.put("limit_max_batches", maxBatches);
        result.put("limit_instances", instances);
        result.put("limit_most_at_once", overlap);
        result.put("limit_batches", spans);
    }

    /** A rate limit of {@code rate}/s on a full queue; messages committed in each whole second, from committed rows. */
    private static void rateLimit(Sluice sluice, double rate, int seconds, int workers, int batch, Map<String, Object> result) throws Exception {
        sluice.queues().create("paced");
        sluice.queues().setLimits("paced", QueueLimits.rate(rate));
        exec(sluice, "CREATE TABLE IF NOT EXISTS " + SCHEMA + ".paced (at timestamptz NOT NULL)");
        int jobs = (int) (rate * seconds);
        fill(sluice, "paced", jobs);
        try (Workers w = sluice.startWorkers("paced", WorkerOptions.builder().concurrency(workers).batchSize(batch).build(), b -> {
            try (PreparedStatement ps = b.connection().prepareStatement("INSERT INTO " + SCHEMA + ".paced SELECT clock_timestamp() FROM generate_series(1, ?)")) {
                ps.setInt(1, b.messages().size());
                ps.execute();
            }
        })) {
            await(sluice, "paced");
        }
        LeasedLimits.judge("transactional workers", "rate", rate, LeasedLimits.perSecond(sluice, SCHEMA + ".paced"), result);
    }

    static void exec(Sluice sluice, String sql) throws Exception {
        try (Connection c = sluice.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static long query(Sluice sluice, String sql) throws Exception {
        try (Connection c = sluice.dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Entry point of the child process (and of a direct run). */
    public static void main(String[] args) throws Exception {
        run(args, System.out);
    }
}
