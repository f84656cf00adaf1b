package dev.sluice.leaderboard;

import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.embedded.EmbeddedDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Not a test: commit → live push, every sample counted. Under a background load of {@code rate}
 * events/s, a probe posts a new all-time best at a random moment every ~{@code 1/probes} s; the
 * freshness of each probe is the time from its commit to the first snapshot callback that shows a
 * best at least as high (so a probe overtaken by the next one before a publish is still recorded).
 * Also the time until a top-1 read shows it. Run: {@code ./mvnw -q -pl sluice-leaderboard exec:java
 * -Dexec.classpathScope=test -Dexec.mainClass=dev.sluice.leaderboard.SnapshotFreshnessProbe -Dexec.args="30 5000 4 1000"} (seconds, background events/s, probes/s, snapshot interval ms)
 */
public final class SnapshotFreshnessProbe {

    public static void main(String[] args) throws Exception {
        int seconds = Integer.parseInt(args[0]);
        int rate = Integer.parseInt(args[1]);
        double probes = Double.parseDouble(args[2]);
        java.time.Duration interval = java.time.Duration.ofMillis(args.length > 3 ? Long.parseLong(args[3]) : 1000);
        Histogram push = new Histogram(3);
        Histogram read = new Histogram(3);
        Map<Long, Long> pending = new ConcurrentHashMap<>();
        try (EmbeddedDatabase db = EmbeddedDatabase.start(EmbeddedDatabase.Durability.DURABLE);
             HikariDataSource ds = db.dataSource(8);
             Leaderboards boards = Leaderboards.start(ds, LeaderboardConfig.builder().schema("fresh").snapshotInterval(interval).build());
             AutoCloseable sub = boards.subscribe(s -> {
                 if (s.window().equals("all") && !s.top().isEmpty()) {
                     long now = System.nanoTime();
                     long best = s.top().get(0).best();
                     pending.entrySet().removeIf(e -> {
                         if (e.getKey() <= best) {
                             synchronized (push) {
                                 push.recordValue((now - e.getValue()) / 1000);
                             }
                             return true;
                         }
                         return false;
                     });
                 }
             })) {
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            AtomicLong seq = new AtomicLong();
            List<Thread> load = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                Thread th = new Thread(() -> {
                    long next = System.nanoTime();
                    while (System.nanoTime() < end) {
                        List<ScoreEvent> batch = new ArrayList<>();
                        for (int i = 0; i < rate / 20; i++) {
                            batch.add(ScoreEvent.of("e" + seq.incrementAndGet(), "p" + ThreadLocalRandom.current().nextInt(100_000),
                                    ThreadLocalRandom.current().nextInt(100_000), Instant.now()));
                        }
                        boards.ingest(batch);
                        next += 100_000_000L; // each of 2 threads: rate/20 events every 100 ms
                        LockSupport.parkNanos(next - System.nanoTime());
                    }
                });
                th.start();
                load.add(th);
            }
            long score = 1_000_000_000L;
            while (System.nanoTime() < end - 2_000_000_000L) {
                LockSupport.parkNanos((long) (ThreadLocalRandom.current().nextDouble() * 2e9 / probes));
                score++;
                boards.ingest(ScoreEvent.of("probe-" + score, "probe-" + score, score, Instant.now()));
                long committed = System.nanoTime();
                pending.put(score, committed);
                while (boards.top("all", 1).get(0).best() < score) {
                    Thread.onSpinWait();
                }
                read.recordValue(Math.max(1, (System.nanoTime() - committed) / 1000));
            }
            for (Thread th : load) {
                th.join();
            }
            Thread.sleep(2_500); // let the last probes be published
            System.out.printf(Locale.ROOT, "snapshot every %d ms, background %,d events/s, %d probes: commit -> top-N read p50 %.2f ms p99 %.2f ms;"
                            + " commit -> live push p50 %.0f ms p99 %.0f ms max %.0f ms (unrecorded: %d)%n",
                    interval.toMillis(), rate, read.getTotalCount(), read.getValueAtPercentile(50) / 1000.0, read.getValueAtPercentile(99) / 1000.0,
                    push.getValueAtPercentile(50) / 1000.0, push.getValueAtPercentile(99) / 1000.0, push.getMaxValue() / 1000.0,
                    pending.size());
        }
    }
}
