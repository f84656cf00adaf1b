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
 * writes PostgreSQL did per event on the aggregate table.
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
                long t0 = System.nanoTime();
                long accepted = run(boards, threads, batch, players, seconds, seq);
                double secs = (System.nanoTime() - t0) / 1e9;
                long writes = tupleWrites(ds) - writesBefore;
                long wal = scalar(ds, "SELECT pg_current_wal_lsn() - '0/0'") - walBefore;
                System.out.printf(Locale.ROOT, "aggregates=%s threads=%d batch=%d players=%d: %,.0f events/s; aggregate row writes/event %.2f; WAL bytes/event %.0f%n",
                        sums ? "max,sum,count" : "max", threads, batch, players, accepted / secs, (double) writes / accepted, (double) wal / accepted);
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
