package dev.sluice.bench.streams;

import dev.sluice.streams.StartFrom;
import dev.sluice.streams.StreamRecord;
import dev.sluice.streams.Streams;
import dev.sluice.streams.Subscriber;
import dev.sluice.streams.SubscriberOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A stream read while another session holds a REPEATABLE READ snapshot open (a long report): producers
 * append at a fixed rate, one subscription keeps up, and every sample interval a probe subscription
 * catches up on the last {@value #PROBE_EVENTS} events flat out. A subscription only moves a position
 * (one row updated per batch) and the stream is append-only, so the held snapshot should leave the
 * events' dead tuples at zero and the read rate flat; the position row's old versions are what it
 * cannot prune (reported apart). A window of the same workload without the hold runs first.
 * The holder takes no transaction id (a read-only report), as a transaction with one would hold back
 * every subscription's delivery until it ends, by design ({@code --hold-with-xid} shows that).
 */
final class StreamHeldSnapshotPhase {

    static final int PROBE_EVENTS = 50_000;
    private static final int PRODUCERS = 2;
    private static final int APPEND_BATCH = 100;

    private final Streams streams;
    private final String url;
    private final String schema;
    private final StreamBenchOptions o;

    StreamHeldSnapshotPhase(Streams streams, String url, String schema, StreamBenchOptions o) {
        this.streams = streams;
        this.url = url;
        this.schema = schema;
        this.o = o;
    }

    Map<String, Object> run() throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        Duration hold = o.holdSnapshot();
        Duration baseline = hold.compareTo(Duration.ofSeconds(60)) < 0 ? hold : Duration.ofSeconds(60);
        r.put("held_rate_per_s", o.heldRate());
        r.put("held_snapshot_s", hold.toSeconds());
        r.put("held_with_xid", o.holdWithXid());
        List<Map<String, Object>> free = window("held_free", false, baseline);
        List<Map<String, Object>> held = window("held_on", true, hold);
        r.put("unheld_samples", free);
        r.put("held_samples", held);
        r.put("held_events_dead_tuples_max", held.stream().mapToLong(s -> (long) s.get("events_dead")).max().orElse(0));
        r.put("held_positions_dead_tuples_max", held.stream().mapToLong(s -> (long) s.get("positions_dead")).max().orElse(0));
        r.put("unheld_probe_read_per_s_median", median(free, "probe_read_per_s"));
        r.put("held_probe_read_per_s_first", held.isEmpty() ? 0 : held.get(0).get("probe_read_per_s"));
        r.put("held_probe_read_per_s_last", held.isEmpty() ? 0 : held.get(held.size() - 1).get("probe_read_per_s"));
        r.put("held_probe_read_per_s_median", median(held, "probe_read_per_s"));
        // Medians: one sample can land in a stall of the machine (or a pause of this process).
        r.put("held_read_ratio_median_to_unheld", StreamBenchmark.ratio(((Number) r.get("held_probe_read_per_s_median")).doubleValue(),
                ((Number) r.get("unheld_probe_read_per_s_median")).doubleValue()));
        r.put("held_kept_up", held.stream().allMatch(s -> (long) s.get("lag_events") < (long) o.heldRate() * 2));
        return r;
    }

    private List<Map<String, Object>> window(String stream, boolean holdSnapshot, Duration length) throws Exception {
        streams.drop(stream);
        streams.create(stream, dev.sluice.streams.StreamOptions.DEFAULTS);
        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicLong appended = new AtomicLong();
        List<Thread> producers = new ArrayList<>();
        long batchInterval = 1_000_000_000L * APPEND_BATCH * PRODUCERS / o.heldRate();
        for (int p = 0; p < PRODUCERS; p++) {
            Thread t = new Thread(() -> {
                long next = System.nanoTime();
                List<StreamRecord> batch = new ArrayList<>(APPEND_BATCH);
                while (producing.get()) {
                    LockSupport.parkNanos(next - System.nanoTime());
                    next += batchInterval; // a producer that falls behind sends as fast as it can
                    batch.clear();
                    for (int i = 0; i < APPEND_BATCH; i++) {
                        batch.add(StreamRecord.ofJson("k" + (i % 100), "{\"score\":" + i + "}"));
                    }
                    streams.append(stream, batch);
                    appended.addAndGet(APPEND_BATCH);
                }
            }, "held-stream-producer-" + p);
            t.start();
            producers.add(t);
        }
        List<Map<String, Object>> samples = new ArrayList<>();
        try (Connection holder = DriverManager.getConnection(url); Connection sampler = DriverManager.getConnection(url);
             Subscriber reader = streams.subscribe(stream, "reader", StartFrom.earliest(), SubscriberOptions.DEFAULTS, b -> { })) {
            if (holdSnapshot) {
                holder.setAutoCommit(false);
                try (Statement s = holder.createStatement()) {
                    s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                    s.executeQuery(o.holdWithXid() ? "SELECT pg_current_xact_id(), count(*) FROM pg_class" : "SELECT count(*) FROM pg_class").close();
                }
            }
            long start = System.nanoTime();
            long end = start + length.toNanos();
            long sample = o.heldSample().toNanos();
            long lastAppended = 0;
            long lastRead = 0;
            long lastAt = start;
            int probe = 0;
            while (System.nanoTime() < end) {
                LockSupport.parkNanos(Math.min(sample, end - System.nanoTime()));
                long now = System.nanoTime();
                long a = appended.get();
                long d = reader.delivered();
                double secs = (now - lastAt) / 1e9;
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("t_s", Math.round((now - start) / 1e8) / 10.0);
                s.put("appended_per_s", Math.round((a - lastAppended) / secs));
                s.put("read_per_s", Math.round((d - lastRead) / secs));
                s.put("lag_events", Math.max(0, a - d));
                s.putAll(deadTuples(sampler, stream));
                s.put("probe_read_per_s", Math.round(probe(stream, "probe" + probe++)));
                samples.add(s);
                System.err.printf("%s snapshot, stream at %,d/s: %s%n", holdSnapshot ? "held" : "no held", o.heldRate(), s);
                lastAppended = a;
                lastRead = d;
                lastAt = now;
            }
            producing.set(false);
            for (Thread t : producers) {
                t.join();
            }
            if (holdSnapshot) {
                holder.rollback();
            }
        }
        return samples;
    }

    /** A new subscription reads the last PROBE_EVENTS events flat out; events per second. */
    private double probe(String stream, String name) throws Exception {
        // The newest event in delivery order, (txid, id), and the one PROBE_EVENTS before it (a backwards index scan).
        long target;
        Long from = null;
        String table = schema + ".\"stream_" + stream + "\"";
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT id FROM " + table + " ORDER BY txid DESC, id DESC LIMIT 1")) {
                target = rs.next() ? rs.getLong(1) : 0;
            }
            try (ResultSet rs = s.executeQuery("SELECT id FROM " + table + " ORDER BY txid DESC, id DESC OFFSET " + PROBE_EVENTS + " LIMIT 1")) {
                from = rs.next() ? rs.getLong(1) : null;
            }
        }
        AtomicBoolean reached = new AtomicBoolean();
        long start = System.nanoTime();
        long delivered;
        try (Subscriber sub = streams.subscribe(stream, name, from == null ? StartFrom.earliest() : StartFrom.afterEvent(from),
                SubscriberOptions.DEFAULTS.withBatchSize(o.readBatch()).withPollInterval(Duration.ofMillis(20)), b -> {
                    for (var e : b.events()) {
                        e.json();
                        if (e.id() >= target) {
                            reached.set(true);
                        }
                    }
                })) {
            long deadline = start + Duration.ofSeconds(60).toNanos();
            while (!reached.get() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            delivered = sub.delivered();
        }
        double rate = delivered / StreamBenchmark.seconds(start);
        streams.subscriptions().delete(stream, name);
        return rate;
    }

    /** Dead and live tuples of the stream's partitions and of the positions table, and the positions table's size. */
    private Map<String, Object> deadTuples(Connection c, String stream) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(sum(n_dead_tup) FILTER (WHERE relname <> 'stream_subscriptions'), 0),"
                + " coalesce(sum(n_live_tup) FILTER (WHERE relname <> 'stream_subscriptions'), 0),"
                + " coalesce(sum(n_dead_tup) FILTER (WHERE relname = 'stream_subscriptions'), 0),"
                + " pg_total_relation_size(format('%I.stream_subscriptions', ?::text))"
                + " FROM pg_stat_user_tables WHERE schemaname = ? AND (relname LIKE ? ESCAPE '!' OR relname = 'stream_subscriptions')")) {
            ps.setString(1, schema);
            ps.setString(2, schema);
            ps.setString(3, "stream!_" + stream.replace("_", "!_") + "!_p%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                out.put("events_dead", rs.getLong(1));
                out.put("events_live", rs.getLong(2));
                out.put("positions_dead", rs.getLong(3));
                out.put("positions_bytes", rs.getLong(4));
            }
        }
        return out;
    }

    private static long median(List<Map<String, Object>> samples, String field) {
        List<Long> values = new ArrayList<>();
        for (Map<String, Object> s : samples) {
            values.add(((Number) s.get(field)).longValue());
        }
        values.sort(Long::compare);
        return values.isEmpty() ? 0 : values.get(values.size() / 2);
    }
}
