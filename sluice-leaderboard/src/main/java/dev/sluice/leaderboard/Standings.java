package dev.sluice.leaderboard;

import dev.sluice.SluiceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Reads rankings: top-N pages and a player's rank with neighbours, each one statement in autocommit
 * (one round trip, one snapshot), all index range scans.
 */
final class Standings {

    private final DataSource dataSource;
    private final Sql sql;

    Standings(DataSource dataSource, Sql sql) {
        this.dataSource = dataSource;
        this.sql = sql;
    }

    List<Standing> top(String window, Instant windowStart, int offset, int limit) {
        try (Connection c = dataSource.getConnection()) {
            return top(c, window, windowStart, offset, limit);
        } catch (SQLException e) {
            throw new SluiceException("Could not read leaderboard " + window + ": " + e.getMessage(), e);
        }
    }

    List<Standing> top(Connection c, String window, Instant windowStart, int offset, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.top)) {
            ps.setString(1, window);
            ps.setTimestamp(2, Timestamp.from(windowStart));
            ps.setInt(3, offset);
            ps.setInt(4, limit);
            List<Standing> out = new ArrayList<>(limit);
            long rank = offset + 1;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(standing(rs, rank++, 1));
                }
            }
            return out;
        }
    }

    Optional<PlayerRank> rank(String window, Instant windowStart, String playerId, int neighbours) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.rank)) {
            ps.setString(1, window);
            ps.setTimestamp(2, Timestamp.from(windowStart));
            ps.setString(3, playerId);
            ps.setInt(4, neighbours);
            ps.setInt(5, neighbours);
            Standing me = null;
            List<ResultRow> above = new ArrayList<>();
            List<ResultRow> below = new ArrayList<>();
            long rank = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int part = rs.getInt(1);
                    if (part == 0) {
                        rank = rs.getLong(7) + 1;
                        me = standing(rs, rank, 2);
                    } else {
                        (part < 0 ? above : below).add(new ResultRow(rs.getString(2), rs.getLong(3), rs.getBigDecimal(4),
                                rs.getObject(5, Long.class), rs.getTimestamp(6).toInstant()));
                    }
                }
            }
            if (me == null) {
                return Optional.empty();
            }
            // Both lists arrive in ranking order: above ends just before the player, below starts just after.
            List<Standing> aboveRanked = new ArrayList<>(above.size());
            for (int i = 0; i < above.size(); i++) {
                aboveRanked.add(above.get(i).ranked(rank - above.size() + i));
            }
            List<Standing> belowRanked = new ArrayList<>(below.size());
            for (int i = 0; i < below.size(); i++) {
                belowRanked.add(below.get(i).ranked(rank + 1 + i));
            }
            return Optional.of(new PlayerRank(me, aboveRanked, belowRanked));
        } catch (SQLException e) {
            throw new SluiceException("Could not rank player " + playerId + " in " + window + ": " + e.getMessage(), e);
        }
    }

    private record ResultRow(String playerId, long best, java.math.BigDecimal total, Long events, Instant reachedAt) {
        Standing ranked(long rank) {
            return new Standing(rank, playerId, best, total, events, reachedAt);
        }
    }

    /** A standing from columns player_id, best, total, events, reached_at starting at {@code first}. */
    private static Standing standing(ResultSet rs, long rank, int first) throws SQLException {
        return new Standing(rank, rs.getString(first), rs.getLong(first + 1), rs.getBigDecimal(first + 2),
                rs.getObject(first + 3, Long.class), rs.getTimestamp(first + 4).toInstant());
    }
}
