package dev.sluice.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * With max alone an exact top page is merged once from the standings and the events read ahead of
 * the tail, then kept: each later exact read merges only the events it took. Whatever the tail, late
 * commits and other pages do meanwhile, every exact top equals a recount of the committed events.
 */
class KeptExactPageTest extends LeaderboardTestSupport {

    private static final String[][] PAGES = {{"all", "10"}, {"1m", "25"}, {"1d", "100"}, {"all", "3"}};

    @Override
    protected LeaderboardConfig.Builder config() {
        return LeaderboardConfig.builder().schema(schema);
    }

    @Test
    void aKeptPageMergesOnlyTheEventsCommittedSinceThePreviousExactRead() throws Exception {
        Random random = new Random(20261204L);
        Instant base = clock.instant();
        try (Connection open = dataSource.getConnection()) {
            open.setAutoCommit(false);
            insert(open, "held", "holder", 1); // holds the tail's cut: everything after stays read ahead
            for (int batch = 0; batch < 20; batch++) {
                boards.ingest(randomBatch(random, "r" + batch, 10, base));
            }
            boards.top("all", 10);
            assertThat(boards.tailer().lastMerged()).as("a new page merges the whole overlay").isEqualTo(200);
            boards.ingest(randomBatch(random, "late", 7, base));
            List<Standing> kept = boards.top("all", 10);
            assertThat(boards.tailer().lastMerged()).as("a kept page merges only the new events").isEqualTo(7);
            open.rollback();
            boards.fold();
            assertThat(boards.top("all", 10)).as("the same page from the standings").isEqualTo(kept);
        }
    }

    @Test
    void everyExactTopEqualsARecountOfTheCommittedEvents() throws Exception {
        Random random = new Random(20261205L);
        Instant base = clock.instant();
        List<ScoreEvent> committed = new ArrayList<>();
        List<ScoreEvent> inOpen = new ArrayList<>();
        Connection open = null;
        try {
            for (int step = 0; step < 150; step++) {
                int action = random.nextInt(10);
                if (action < 5) {
                    List<ScoreEvent> batch = randomBatch(random, "s" + step, 1 + random.nextInt(12), base);
                    boards.ingest(batch);
                    committed.addAll(batch);
                } else if (action == 5 && open == null) {
                    open = dataSource.getConnection(); // a producer that commits late, below later commits
                    open.setAutoCommit(false);
                    for (ScoreEvent e : randomBatch(random, "o" + step, 1 + random.nextInt(4), base)) {
                        insert(open, e.eventId(), e.playerId(), e.score(), e.ts());
                        inOpen.add(e);
                    }
                } else if (action == 5) {
                    boolean commit = random.nextBoolean();
                    if (commit) {
                        open.commit();
                        committed.addAll(inOpen);
                    } else {
                        open.rollback();
                    }
                    open.close();
                    open = null;
                    inOpen.clear();
                } else if (action == 6) {
                    // commits the exact reads have not seen, which the tail reads first
                    List<ScoreEvent> batch = randomBatch(random, "f" + step, 1 + random.nextInt(12), base);
                    boards.ingest(batch);
                    committed.addAll(batch);
                    if (open != null && random.nextBoolean()) {
                        open.commit();
                        committed.addAll(inOpen);
                        open.close();
                        open = null;
                        inOpen.clear();
                    }
                    boards.fold(Duration.ZERO); // the tail reads what it can
                    List<ScoreEvent> after = randomBatch(random, "a" + step, 1 + random.nextInt(3), base);
                    boards.ingest(after); // and the next exact read finds something new besides
                    committed.addAll(after);
                } else if (action == 7) {
                    boards.top("all", clock.instant(), 2, 10); // a page past the first applies the overlay
                }
                for (String[] page : PAGES) {
                    int n = Integer.parseInt(page[1]);
                    assertThat(boards.top(page[0], n)).as("step %d, %s top %d", step, page[0], n)
                            .isEqualTo(recount(committed, page[0], n));
                }
            }
        } finally {
            if (open != null) {
                open.rollback();
                open.close();
            }
        }
        boards.fold();
        for (String[] page : PAGES) {
            int n = Integer.parseInt(page[1]);
            assertThat(boards.top(page[0], n)).as("after the tail caught up, %s top %d", page[0], n)
                    .isEqualTo(recount(committed, page[0], n));
        }
    }

    /** The top n of the current instance of a window, counted from scratch: best desc, reached first, player id. */
    private List<Standing> recount(List<ScoreEvent> events, String window, int n) {
        Window w = boards.config().window(window);
        long now = clock.instant().getEpochSecond();
        long size = w.size().toSeconds();
        Map<String, ScoreEvent> best = new HashMap<>();
        for (ScoreEvent e : events) {
            long second = e.ts().getEpochSecond();
            if (!w.allTime() && Math.floorDiv(second, size) != Math.floorDiv(now, size)) {
                continue;
            }
            best.merge(e.playerId(), e, (a, b) -> b.score() > a.score()
                    || (b.score() == a.score() && b.ts().isBefore(a.ts())) ? b : a);
        }
        List<ScoreEvent> ranked = new ArrayList<>(best.values());
        ranked.sort(Comparator.comparingLong(ScoreEvent::score).reversed()
                .thenComparing(ScoreEvent::ts).thenComparing(ScoreEvent::playerId));
        List<Standing> out = new ArrayList<>();
        for (int i = 0; i < ranked.size() && i < n; i++) {
            ScoreEvent e = ranked.get(i);
            out.add(new Standing(i + 1, e.playerId(), e.score(), null, null, e.ts()));
        }
        return out;
    }

    /** Scores and players enough for the pages to keep changing, times within a second of {@code base}: ties on best and on time. */
    private static List<ScoreEvent> randomBatch(Random random, String prefix, int size, Instant base) {
        List<ScoreEvent> events = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            events.add(ScoreEvent.of(prefix + "-" + i, "p" + random.nextInt(150), random.nextInt(500),
                    base.minusMillis(random.nextInt(1000)).truncatedTo(ChronoUnit.MILLIS)));
        }
        return events;
    }

    private void insert(Connection c, String eventId, String player, long score) throws Exception {
        insert(c, eventId, player, score, clock.instant());
    }

    /** An inbox row in the connection's open transaction, as ingest writes it. */
    private void insert(Connection c, String eventId, String player, long score, Instant at) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + schema
                + ".score_event_ids (event_id, player_id, score, ts) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, eventId);
            ps.setString(2, player);
            ps.setLong(3, score);
            ps.setTimestamp(4, Timestamp.from(at));
            ps.executeUpdate();
        }
    }
}
