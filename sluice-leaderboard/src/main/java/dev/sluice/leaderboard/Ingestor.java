package dev.sluice.leaderboard;

import dev.sluice.SluiceException;
import dev.sluice.leaderboard.IngestResult.Outcome;
import dev.sluice.leaderboard.IngestResult.Status;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Validates a batch, then appends the valid events in one multi-row INSERT (one statement, one
 * transaction, durable at commit): the primary key makes it idempotent, and the windows are folded
 * from the appended rows afterwards by {@link Folder}, in large set-based batches, so an ingest
 * writes one row per event and waits on no aggregate or rank-count row.
 */
final class Ingestor {

    private final DataSource dataSource;
    private final LeaderboardConfig config;
    private final Sql sql;
    private final EventValidator validator;
    private final Clock clock;

    Ingestor(DataSource dataSource, LeaderboardConfig config, Sql sql, Clock clock) {
        this.dataSource = dataSource;
        this.config = config;
        this.sql = sql;
        this.validator = new EventValidator(config);
        this.clock = clock;
    }

    IngestResult ingest(List<ScoreEvent> events) {
        if (events.size() > config.maxBatchSize()) {
            throw new IllegalArgumentException("A batch holds at most " + config.maxBatchSize() + " events (maxBatchSize); got "
                    + events.size() + ". Split it.");
        }
        Instant now = clock.instant();
        Outcome[] outcomes = new Outcome[events.size()];
        List<Integer> valid = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            ScoreEvent e = events.get(i);
            String problem = validator.problem(e, now);
            if (problem != null) {
                outcomes[i] = new Outcome(i, e == null ? null : e.eventId(), Status.REJECTED, problem);
            } else {
                valid.add(i);
            }
        }
        if (!valid.isEmpty()) {
            Set<String> stored = store(events, valid);
            Set<String> seen = new HashSet<>();
            for (int i : valid) {
                String id = events.get(i).eventId();
                boolean first = seen.add(id);
                outcomes[i] = new Outcome(i, id, first && stored.contains(id) ? Status.ACCEPTED : Status.DUPLICATE, null);
            }
        }
        return new IngestResult(List.of(outcomes));
    }

    private Set<String> store(List<ScoreEvent> events, List<Integer> valid) {
        try {
            return attempt(events, valid);
        } catch (SQLException e) {
            throw new SluiceException("Ingest failed, nothing of this batch was stored (retrying is safe): " + e.getMessage(), e);
        }
    }

    private Set<String> attempt(List<ScoreEvent> events, List<Integer> valid) throws SQLException {
        int n = valid.size();
        Object[] ids = new Object[n];
        Object[] players = new Object[n];
        Object[] scores = new Object[n];
        Object[] times = new Object[n];
        Object[] payloads = new Object[n];
        for (int k = 0; k < n; k++) {
            ScoreEvent e = events.get(valid.get(k));
            ids[k] = e.eventId();
            players[k] = e.playerId();
            scores[k] = e.score();
            times[k] = Timestamp.from(e.ts());
            payloads[k] = e.payloadJson();
        }
        // One statement is atomic on its own: in autocommit it needs one round trip, not BEGIN + COMMIT.
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.ingest)) {
            c.setAutoCommit(true);
            ps.setArray(1, c.createArrayOf("text", ids));
            ps.setArray(2, c.createArrayOf("text", players));
            ps.setArray(3, c.createArrayOf("int8", scores));
            ps.setArray(4, c.createArrayOf("timestamptz", times));
            ps.setArray(5, c.createArrayOf("text", payloads));
            Set<String> stored = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.add(rs.getString(1));
                }
            }
            return stored;
        }
    }
}
