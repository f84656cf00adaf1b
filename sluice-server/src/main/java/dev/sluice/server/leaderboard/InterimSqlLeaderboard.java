package dev.sluice.server.leaderboard;

import dev.sluice.Sluice;
import dev.sluice.jdbc.Transactions;
import dev.sluice.schema.Identifiers;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small all-time leaderboard on two tables, so the service, its tests and its load check run
 * before the {@code sluice-leaderboard} module's adapter is wired in. Best score per player;
 * events deduplicated by id; each ingest transaction sends a NOTIFY, and one timer per process
 * turns "something changed" into one top-100 query per second, whatever the number of clients.
 */
public final class InterimSqlLeaderboard implements LeaderboardBackend, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InterimSqlLeaderboard.class);
    public static final String WINDOW = "all";

    private static final String CREATE = """
            CREATE TABLE IF NOT EXISTS %1$s.score_events (
                event_id  text PRIMARY KEY,
                player_id text NOT NULL,
                score     bigint NOT NULL,
                ts        timestamptz NOT NULL,
                payload   jsonb);
            CREATE TABLE IF NOT EXISTS %1$s.best_scores (
                player_id text PRIMARY KEY,
                score     bigint NOT NULL);
            CREATE INDEX IF NOT EXISTS best_scores_rank ON %1$s.best_scores (score DESC, player_id)""";

    /** Inserts new events, skips known ids, and returns the index (1-based ordinality) of each new one. */
    private static final String INSERT_EVENTS = """
            INSERT INTO %1$s.score_events (event_id, player_id, score, ts, payload)
            SELECT e.event_id, e.player_id, e.score, coalesce(e.ts, now()), e.payload::jsonb
              FROM unnest(?::text[], ?::text[], ?::int8[], ?::timestamptz[], ?::text[]) WITH ORDINALITY
                   AS e(event_id, player_id, score, ts, payload, ord)
            ON CONFLICT (event_id) DO NOTHING
            RETURNING event_id""";

    /** Raises each new event's player to the best of their scores; rows locked in player order, so concurrent batches never deadlock. */
    private static final String UPSERT_BEST = """
            INSERT INTO %1$s.best_scores (player_id, score)
            SELECT player_id, max(score) FROM unnest(?::text[], ?::int8[]) AS e(player_id, score) GROUP BY player_id ORDER BY player_id
            ON CONFLICT (player_id) DO UPDATE SET score = greatest(best_scores.score, EXCLUDED.score)""";

    private static final String TOP = "SELECT player_id, score FROM %1$s.best_scores ORDER BY score DESC, player_id LIMIT ? OFFSET ?";
    private static final String PLAYER = "SELECT score, (SELECT count(*) FROM %1$s.best_scores b WHERE b.score > p.score OR (b.score = p.score AND b.player_id < p.player_id)) + 1 "
            + "FROM %1$s.best_scores p WHERE player_id = ?";

    private final Sluice sluice;
    private final String schema;
    private final String channel;
    private final List<Consumer<Snapshot>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean dirty = new AtomicBoolean(true);
    private final ScheduledExecutorService ticker;
    private final Consumer<String> onNotify = payload -> dirty.set(true);

    public InterimSqlLeaderboard(Sluice sluice) {
        this.sluice = sluice;
        this.schema = Identifiers.quote(sluice.config().schema());
        this.channel = sluice.config().schema() + "_scores";
        Transactions.run(sluice.dataSource(), "create the leaderboard tables", c -> {
            try (Statement s = c.createStatement()) {
                s.execute(CREATE.formatted(schema));
            }
            return null;
        });
        if (sluice.notifications() != null) {
            sluice.notifications().subscribe(channel, onNotify);
        }
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sluice-leaderboard-snapshot");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public List<String> windows() {
        return List.of(WINDOW);
    }

    @Override
    public IngestOutcome ingest(List<ScoreEvent> events) {
        int n = events.size();
        String[] ids = new String[n];
        String[] players = new String[n];
        Long[] scores = new Long[n];
        Timestamp[] times = new Timestamp[n];
        String[] payloads = new String[n];
        for (int i = 0; i < n; i++) {
            ScoreEvent e = events.get(i);
            ids[i] = e.eventId();
            players[i] = e.playerId();
            scores[i] = e.score();
            times[i] = e.ts() == null ? null : Timestamp.from(e.ts());
            payloads[i] = e.payloadJson();
        }
        return Transactions.run(sluice.dataSource(), "ingest score events", c -> {
            Set<String> inserted = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement(INSERT_EVENTS.formatted(schema))) {
                ps.setArray(1, c.createArrayOf("text", ids));
                ps.setArray(2, c.createArrayOf("text", players));
                ps.setArray(3, c.createArrayOf("int8", scores));
                ps.setArray(4, c.createArrayOf("timestamptz", times));
                ps.setArray(5, c.createArrayOf("text", payloads));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        inserted.add(rs.getString(1));
                    }
                }
            }
            List<Integer> duplicates = new ArrayList<>();
            List<String> newPlayers = new ArrayList<>();
            List<Long> newScores = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < n; i++) {
                if (inserted.contains(ids[i]) && seen.add(ids[i])) {
                    newPlayers.add(players[i]);
                    newScores.add(scores[i]);
                } else {
                    duplicates.add(i);
                }
            }
            if (!newPlayers.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(UPSERT_BEST.formatted(schema))) {
                    ps.setArray(1, c.createArrayOf("text", newPlayers.toArray()));
                    ps.setArray(2, c.createArrayOf("int8", newScores.toArray()));
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, '')")) {
                    ps.setString(1, channel);
                    ps.execute();
                }
            }
            return new IngestOutcome(newPlayers.size(), duplicates, List.of());
        });
    }

    @Override
    public List<Entry> top(String window, int offset, int limit) {
        requireWindow(window);
        return Transactions.run(sluice.dataSource(), "read the leaderboard", c -> {
            List<Entry> out = new ArrayList<>(limit);
            try (PreparedStatement ps = c.prepareStatement(TOP.formatted(schema))) {
                ps.setInt(1, limit);
                ps.setInt(2, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    long rank = offset;
                    while (rs.next()) {
                        out.add(new Entry(++rank, rs.getString(1), rs.getLong(2)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public PlayerRank rank(String window, String playerId, int neighbours) {
        requireWindow(window);
        long rank = Transactions.run(sluice.dataSource(), "read a player's rank", c -> {
            try (PreparedStatement ps = c.prepareStatement(PLAYER.formatted(schema))) {
                ps.setString(1, playerId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(2) : 0L;
                }
            }
        });
        if (rank == 0) {
            return null;
        }
        int from = (int) Math.max(0, rank - 1 - neighbours);
        List<Entry> around = top(window, from, (int) (rank - 1 - from) + 1 + neighbours);
        List<Entry> above = new ArrayList<>();
        List<Entry> below = new ArrayList<>();
        Entry player = null;
        for (Entry e : around) {
            if (e.rank() < rank) {
                above.add(e);
            } else if (e.rank() == rank) {
                player = e;
            } else {
                below.add(e);
            }
        }
        return player == null ? null : new PlayerRank(player, above, below);
    }

    @Override
    public AutoCloseable subscribe(Consumer<Snapshot> listener) {
        listeners.add(listener);
        dirty.set(true);
        return () -> listeners.remove(listener);
    }

    /** At most one top-100 query per second, and none while nothing changed or nobody listens. */
    private void tick() {
        if (listeners.isEmpty() || !(dirty.getAndSet(false) || sluice.notifications() == null)) {
            return;
        }
        try {
            Snapshot snapshot = new Snapshot(WINDOW, Instant.now(), top(WINDOW, 0, 100));
            listeners.forEach(l -> l.accept(snapshot));
        } catch (RuntimeException e) {
            dirty.set(true);
            log.warn("Could not take a leaderboard snapshot: {}", e.toString());
        }
    }

    private static void requireWindow(String window) {
        if (!WINDOW.equals(window)) {
            throw new UnknownWindowException(window, List.of(WINDOW));
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        if (sluice.notifications() != null) {
            sluice.notifications().unsubscribe(channel, onNotify);
        }
    }
}
