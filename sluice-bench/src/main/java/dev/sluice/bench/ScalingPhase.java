package dev.sluice.bench;

import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import dev.sluice.queue.Message;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Throughput with 1, 2, 4, 8... worker processes (separate JVMs) against one PostgreSQL. The queue
 * is paused while it is filled and the processes start, so the clock runs only while they work;
 * afterwards every id must have been recorded exactly once.
 */
final class ScalingPhase {

    private static final int THREADS_PER_PROCESS = 2;

    private final String url;
    private final QueueBenchOptions options;

    ScalingPhase(String url, QueueBenchOptions options) {
        this.url = url;
        this.options = options;
    }

    Map<String, Object> run() throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        long duplicatesTotal = 0;
        long lostTotal = 0;
        for (int processes : options.processes()) {
            long[] r = runWith(processes);
            result.put("scaling_" + processes + "_processes_per_s", QueueBenchmark.round(r[0] / 10.0));
            duplicatesTotal += r[1];
            lostTotal += r[2];
        }
        result.put("scaling_threads_per_process", THREADS_PER_PROCESS);
        result.put("scaling_jobs", options.scalingJobs());
        result.put("scaling_duplicates", duplicatesTotal);
        result.put("scaling_lost", lostTotal);
        return result;
    }

    /** Returns {throughput x 10, duplicates, lost}. */
    private long[] runWith(int processes) throws Exception {
        int jobs = options.scalingJobs();
        try (Sluice sluice = Sluice.start(SluiceConfig.builder().jdbcUrl(url).schema("sluice_bench").build())) {
            if (sluice.queues().exists("scale")) {
                sluice.queues().drop("scale");
            }
            sluice.queues().create("scale");
            sluice.queues().pause("scale");
            try (Connection c = sluice.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS bench_handled");
                // handled_at is stamped by PostgreSQL, so the end of the run does not depend on how often we poll.
                s.execute("CREATE TABLE bench_handled (id bigint NOT NULL, handled_at timestamptz NOT NULL DEFAULT clock_timestamp())");
            }
            for (int from = 0; from < jobs; from += 2_000) {
                List<Message> batch = new ArrayList<>();
                for (int i = from; i < Math.min(jobs, from + 2_000); i++) {
                    batch.add(Message.json("{\"i\":" + i + "}"));
                }
                sluice.enqueueBatch("scale", batch);
            }
            List<Process> children = new ArrayList<>();
            try {
                String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
                for (int p = 0; p < processes; p++) {
                    Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                            WorkerProcessMain.class.getName(), url, Integer.toString(THREADS_PER_PROCESS), Integer.toString(options.batch()))
                            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                    children.add(child);
                }
                for (Process child : children) {
                    BufferedReader reader = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                    String line = reader.readLine();
                    if (!"ready".equals(line)) {
                        throw new IllegalStateException("worker process did not start: " + line);
                    }
                }
                long startMicros = count(sluice, "SELECT (extract(epoch FROM clock_timestamp()) * 1e6)::bigint");
                sluice.queues().resume("scale");
                // Polled at most every 250 ms: a count(*) every few ms would compete with the workers for the 2 cores.
                Progress.follow(processes + " worker process(es)", jobs, new ThrottledCount(sluice, 250));
                long endMicros = count(sluice, "SELECT (extract(epoch FROM max(handled_at)) * 1e6)::bigint FROM bench_handled");
                double perSecond = jobs / ((endMicros - startMicros) / 1e6);
                long distinct = count(sluice, "SELECT count(DISTINCT id) FROM bench_handled");
                long all = count(sluice, "SELECT count(*) FROM bench_handled");
                return new long[] {Math.round(perSecond * 10), all - distinct, jobs - distinct};
            } finally {
                for (Process child : children) {
                    child.getOutputStream().close();
                }
                for (Process child : children) {
                    if (!child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                        child.destroyForcibly();
                    }
                }
            }
        }
    }

    /** The number of handled ids, read from the database at most once per interval. */
    private static final class ThrottledCount implements java.util.function.LongSupplier {
        private final Sluice sluice;
        private final long intervalNanos;
        private long last;
        private long readAt = Long.MIN_VALUE / 2;

        ThrottledCount(Sluice sluice, long intervalMillis) {
            this.sluice = sluice;
            this.intervalNanos = intervalMillis * 1_000_000;
        }

        @Override
        public long getAsLong() {
            if (System.nanoTime() - readAt >= intervalNanos) {
                last = count(sluice, "SELECT count(*) FROM bench_handled");
                readAt = System.nanoTime();
            }
            return last;
        }
    }

    private static long count(Sluice sluice, String sql) {
        try (Connection c = sluice.dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
