package dev.sluice.bench;

import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import dev.sluice.queue.Message;
import dev.sluice.queue.QueueOptions;
import dev.sluice.schema.SqlTemplate;
import dev.sluice.worker.WorkerOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Throughput of continuous enqueue-and-process at a fixed offered rate, first with nothing else
 * running, then while another session holds a REPEATABLE READ snapshot open for the whole window (a
 * long report, a forgotten BEGIN), so that VACUUM can remove none of the queue's dead rows. The rate
 * is fixed (not flat out) so that the backlog stays bounded when workers keep up, as in production;
 * a queue that degrades under the held snapshot falls behind and its processed/s drops. Dead tuples
 * in the queue's partitions are sampled every second. With {@link QueueBenchOptions#heldFlatOut()} the
 * pair of windows runs again with {@value #FLAT_OUT_PRODUCERS} producers offering the burn-down
 * capacity ({@link Capacity}), that is as fast as they can: the {@code flat_out_} figures.
 */
final class HeldSnapshotPhase {

    static final int PRODUCERS = 2;
    static final int FLAT_OUT_PRODUCERS = 4;

    private final String url;
    private final QueueBenchOptions options;
    private final Capacity capacity;

    HeldSnapshotPhase(String url, QueueBenchOptions options, Capacity capacity) {
        this.url = url;
        this.options = options;
        this.capacity = capacity;
    }

    Map<String, Object> run() throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("hold_snapshot_s", options.holdSnapshot().toMillis() / 1000.0);
        result.put("held_offered_per_s", options.heldRate());
        result.putAll(pair("", options.heldRate(), PRODUCERS));
        if (options.heldFlatOut()) {
            double flatOut = capacity.perSecond();
            result.put("flat_out_held_offered_per_s", QueueBenchmark.round(flatOut));
            result.putAll(pair("flat_out_", (int) Math.round(flatOut), FLAT_OUT_PRODUCERS));
        }
        result.put("held_queue_slots", QueueOptions.DEFAULTS.slots());
        result.put("held_queue_rotation_s", QueueOptions.DEFAULTS.rotation().toSeconds());
        return result;
    }

    /** A window without and one with the held snapshot, at {@code rate}; figures named with {@code prefix}. */
    private Map<String, Object> pair(String prefix, int rate, int producers) throws Exception {
        long[] free = window(false, rate, producers);
        long orphans = cancelOrphanClaims();
        long[] held = window(true, rate, producers);
        orphans += cancelOrphanClaims();
        double seconds = options.holdSnapshot().toMillis() / 1000.0;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put(prefix + "unheld_enqueued_per_s", QueueBenchmark.round(free[4] / seconds));
        result.put(prefix + "held_enqueued_per_s", QueueBenchmark.round(held[4] / seconds));
        result.put(prefix + "unheld_process_per_s", QueueBenchmark.round(free[0] / seconds));
        result.put(prefix + "held_process_per_s", QueueBenchmark.round(held[0] / seconds));
        result.put(prefix + "held_snapshot_ratio", Math.round((double) held[0] / free[0] * 100) / 100.0);
        result.put(prefix + "dead_tuples_max", held[1]);
        result.put(prefix + "dead_tuples_max_unheld", free[1]);
        result.put(prefix + "queue_bytes_max", held[2]);
        result.put(prefix + "backlog_end_unheld", free[3]);
        result.put(prefix + "backlog_end_held", held[3]);
        result.put(prefix + "orphan_statements_cancelled", orphans);
        System.err.printf("held snapshot at %,d/s offered: %,.0f/s processed without, %,.0f/s with the held snapshot (ratio %.2f)%n",
                rate, free[0] / seconds, held[0] / seconds, (double) held[0] / free[0]);
        return result;
    }

    /**
     * Cancels statements of the first window still running after its pool closed (so that they do
     * not slow the second window), waiting at most 30 s; returns how many there were.
     */
    private long cancelOrphanClaims() throws Exception {
        String sql = SqlTemplate.load(HeldSnapshotPhase.class, "orphan_claims.sql").render(Map.of());
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        long deadline = System.nanoTime() + 30_000_000_000L;
        try (Connection c = DirectConnections.open(url); PreparedStatement ps = c.prepareStatement(sql);
             PreparedStatement cancel = c.prepareStatement("SELECT pg_cancel_backend(?)")) {
            while (System.nanoTime() < deadline) {
                List<Integer> pids = new ArrayList<>();
                ps.setString(1, "%\"q_held\"%");
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        pids.add(rs.getInt(1));
                    }
                }
                if (pids.isEmpty()) {
                    break;
                }
                for (int pid : pids) {
                    seen.add(pid);
                    cancel.setInt(1, pid);
                    cancel.executeQuery().close();
                }
                Thread.sleep(200);
            }
        }
        if (!seen.isEmpty()) {
            System.err.printf("cancelled %d statement(s) of the first window still running after it closed%n", seen.size());
        }
        return seen.size();
    }

    /** Returns {processed, max dead tuples, max bytes, backlog at the end, enqueued}; the queue has the default slots and rotation. */
    private long[] window(boolean holdSnapshot, int rate, int producerCount) throws Exception {
        String queue = "held";
        SluiceConfig config = SluiceConfig.builder().jdbcUrl(url).schema("sluice_bench").maxPoolSize(options.workers() + producerCount + 4).build();
        try (Sluice sluice = Sluice.start(config)) {
            if (sluice.queues().exists(queue)) {
                sluice.queues().drop(queue);
            }
            sluice.queues().create(queue, QueueOptions.DEFAULTS);
            AtomicLong processed = new AtomicLong();
            AtomicLong enqueued = new AtomicLong();
            AtomicBoolean producing = new AtomicBoolean(true);
            List<Thread> producers = new ArrayList<>();
            // A fixed schedule; a producer that cannot keep it sends as fast as it can (flat out).
            long batchIntervalNanos = 1_000_000_000L * 500 * producerCount / rate;
            for (int p = 0; p < producerCount; p++) {
                Thread t = new Thread(() -> {
                    long next = System.nanoTime();
                    while (producing.get()) {
                        java.util.concurrent.locks.LockSupport.parkNanos(next - System.nanoTime());
                        next += batchIntervalNanos;
                        List<Message> batch = new ArrayList<>(500);
                        for (int i = 0; i < 500; i++) {
                            batch.add(Message.json("{\"i\":" + i + "}"));
                        }
                        sluice.enqueueBatch(queue, batch);
                        enqueued.addAndGet(batch.size());
                    }
                }, "held-producer-" + p);
                t.start();
                producers.add(t);
            }
            try (Connection holder = DirectConnections.open(url);
                 Connection sampler = DirectConnections.open(url)) {
                if (holdSnapshot) {
                    holder.setAutoCommit(false);
                    try (Statement s = holder.createStatement()) {
                        s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                        s.executeQuery("SELECT txid_current(), count(*) FROM pg_class").close();
                    }
                }
                sluice.startWorkers(queue, WorkerOptions.builder().concurrency(options.workers()).batchSize(options.batch()).build(),
                        batch -> processed.addAndGet(batch.size()));
                long start = System.nanoTime();
                long end = start + options.holdSnapshot().toNanos();
                long maxDead = 0;
                long maxBytes = 0;
                String sql = SqlTemplate.load(HeldSnapshotPhase.class, "dead_tuples.sql").render(Map.of());
                long total = options.holdSnapshot().toSeconds();
                try (PreparedStatement ps = sampler.prepareStatement(sql)) {
                    while (System.nanoTime() < end) {
                        Thread.sleep(1_000);
                        ps.setString(1, "q_" + queue);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            maxDead = Math.max(maxDead, rs.getLong(1));
                            maxBytes = Math.max(maxBytes, rs.getLong(2));
                        }
                        long elapsed = (System.nanoTime() - start) / 1_000_000_000L;
                        System.err.printf("%s snapshot at %,d/s: %d/%d s, %d processed (%.0f/s), dead tuples now max %d%n",
                                holdSnapshot ? "held" : "no held", rate, elapsed, total, processed.get(),
                                processed.get() / ((System.nanoTime() - start) / 1e9), maxDead);
                    }
                }
                long done = processed.get();
                long sent = enqueued.get();
                long backlog = sent - done;
                producing.set(false);
                for (Thread t : producers) {
                    t.join();
                }
                if (holdSnapshot) {
                    holder.rollback();
                }
                return new long[] {done, maxDead, maxBytes, backlog, sent};
            }
        }
    }
}
