package dev.sluice.leaderboard;

import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.embedded.EmbeddedDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not a test: a closed-loop measurement of the ingest path alone (no readers), used to choose between
 * ingest statements. Embedded durable PostgreSQL, {@code threads} callers sending batches of
 * {@code batch} events of {@code players} players for {@code seconds} after a warm-up, then the row
 * writes PostgreSQL did per event on the aggregate table, WAL bytes per event, and CPU per event of
 * the PostgreSQL processes (postmaster tree, from /proc) and of this JVM: on a shared machine the
 * events/s figure measures the neighbours too, CPU per event does not.
 *
 * <p>Why the fold stays in SQL: EXPLAIN ANALYZE of a 2,000-event batch (5 windows, 100,000 players)
 * spends about 6% of the statement in the fold's sort and grouping, about 80% in the aggregate
 * upserts themselves (index lookups and inserts); pre-aggregating in Java would remove the 6%, not the
 * upserts, and cost a second round trip (the fresh ids first). Each window costs about one upsert per event.
 * Run: {@code ./mvnw -q -pl sluice-leaderboard exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.sluice.leaderboard.IngestThroughputProbe -Dexec.args="20 4 500 100000 max"}
 */
public final class IngestThroughputProbe {

    public static void main(String[] args) throws Exception {
        int seconds = Integer.parseInt(args[0]);
        int threads = Integer.parseInt(args[1]);
        int batch = Integer.parseInt(args[2]);
        int players = Integer.parseInt(args[3]);
        boolean sums = args.length > 4 && args[4].equals("sums");
        try (EmbeddedDatabase db = EmbeddedDatabase.start(EmbeddedDatabase.Durability.DURABLE);
             HikariDataSource ds = db.dataSource(threads + 4)) {
            LeaderboardConfig.Builder config = LeaderboardConfig.builder().schema("probe");
            if (sums) {
                config.aggregates(Aggregate.MAX, Aggregate.SUM, Aggregate.COUNT);
            }
            try (Leaderboards boards = Leaderboards.start(ds, config.build())) {
                AtomicLong seq = new AtomicLong();
                run(boards, threads, batch, players, 5, seq); // warm-up: every player has rows in the long windows
                long writesBefore = tupleWrites(ds);
                long walBefore = scalar(ds, "SELECT pg_current_wal_lsn() - '0/0'");
                long postmaster = parentOf(scalar(ds, "SELECT pg_backend_pid()"));
                long pgCpuBefore = serverCpuTicks(postmaster);
                long jvmCpuBefore = jvmCpuNanos();
                long t0 = System.nanoTime();
                long accepted = run(boards, threads, batch, players, seconds, seq);
                double secs = (System.nanoTime() - t0) / 1e9;
                long writes = tupleWrites(ds) - writesBefore;
                long wal = scalar(ds, "SELECT pg_current_wal_lsn() - '0/0'") - walBefore;
                double pgCpu = (serverCpuTicks(postmaster) - pgCpuBefore) / (double) TICKS_PER_SECOND;
                double jvmCpu = (jvmCpuNanos() - jvmCpuBefore) / 1e9;
                System.out.printf(Locale.ROOT, "aggregates=%s threads=%d batch=%d players=%d: %,.0f events/s; aggregate row writes/event %.2f; WAL bytes/event %.0f;"
                        + " PostgreSQL CPU %.0f us/event, client CPU %.0f us/event -> %,.0f events/s per 2 dedicated cores%n",
                        sums ? "max,sum,count" : "max", threads, batch, players, accepted / secs, (double) writes / accepted, (double) wal / accepted,
                        pgCpu * 1e6 / accepted, jvmCpu * 1e6 / accepted, 2 * accepted / (pgCpu + jvmCpu));
            }
        }
    }

    private static long run(Leaderboards boards, int threads, int batch, int players, int seconds, AtomicLong seq) throws Exception {
        AtomicLong accepted = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                while (System.nanoTime() < end) {
                    ThreadLocalRandom r = ThreadLocalRandom.current();
                    List<ScoreEvent> events = new ArrayList<>(batch);
                    for (int i = 0; i < batch; i++) {
                        events.add(new ScoreEvent("e" + seq.incrementAndGet(), "player-" + r.nextInt(players),
                                (long) (Math.abs(r.nextGaussian()) * 100_000), Instant.now(), "{\"level\":3}"));
                    }
                    accepted.addAndGet(boards.ingest(events).accepted());
                }
            });
            th.start();
            ts.add(th);
        }
        for (Thread th : ts) {
            th.join();
        }
        return accepted.get();
    }

    /** USER_HZ of /proc/<pid>/stat; 100 on Linux. */
    private static final int TICKS_PER_SECOND = 100;

    private static long parentOf(long pid) throws Exception {
        return Long.parseLong(stat(pid)[3]);
    }

    /** CPU of the server: the postmaster with its reaped children, plus every live child. */
    private static long serverCpuTicks(long postmaster) throws Exception {
        String[] p = stat(postmaster);
        long ticks = Long.parseLong(p[13]) + Long.parseLong(p[14]) + Long.parseLong(p[15]) + Long.parseLong(p[16]);
        try (var dirs = java.nio.file.Files.list(java.nio.file.Path.of("/proc"))) {
            for (var d : (Iterable<java.nio.file.Path>) dirs::iterator) {
                String name = d.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String[] c = stat(Long.parseLong(name));
                    if (Long.parseLong(c[3]) == postmaster) {
                        ticks += Long.parseLong(c[13]) + Long.parseLong(c[14]);
                    }
                } catch (java.io.IOException | RuntimeException gone) {
                    // exited meanwhile
                }
            }
        }
        return ticks;
    }

    /** Fields of /proc/<pid>/stat, numbered from 0, with the command name (which may hold spaces) as one field. */
    private static String[] stat(long pid) throws java.io.IOException {
        String text = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
        int close = text.lastIndexOf(')');
        String[] rest = text.substring(close + 2).trim().split(" ");
        String[] out = new String[rest.length + 2];
        out[0] = text.substring(0, text.indexOf(' '));
        out[1] = text.substring(text.indexOf('(') + 1, close);
        System.arraycopy(rest, 0, out, 2, rest.length);
        return out;
    }

    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long scalar(HikariDataSource ds, String sql) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long tupleWrites(HikariDataSource ds) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_stat_force_next_flush()");
            try (ResultSet rs = s.executeQuery("SELECT n_tup_ins + n_tup_upd FROM pg_stat_user_tables "
                    + "WHERE schemaname = 'probe' AND relname = 'leaderboard_scores'")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
