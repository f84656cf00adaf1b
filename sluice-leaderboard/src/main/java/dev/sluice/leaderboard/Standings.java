package dev.sluice.leaderboard;

import dev.sluice.jdbc.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Reads rankings: top-N pages and a player's rank with neighbours, all index range scans. */
final class Standings {

    private final DataSource dataSource;
    private final Sql sql;

    Standings(DataSource dataSource, Sql sql) {
        this.dataSource = dataSource;
        this.sql = sql;
    }

    List<Standing> top(String window, Instant windowStart, int offset, int limit) {
        return Transactions.run(dataSource, "read leaderboard " + window, c -> top(c, window, windowStart, offset, limit));
    }

    List<Standing> top(Connection c, String window, Instant windowStart, int offset, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.top)) {
            ps.setString(1, window);
            ps.setTimestamp(2, Timestamp.from(windowStart));
            ps.setInt(3, offset);
            ps.setInt(4, limit);
            return read(ps, offset + 1, 1);
        }
    }

    Optional<PlayerRank> rank(String window, Instant windowStart, String playerId, int neighbours) {
        return Transactions.run(dataSource, "rank player " + playerId, c -> {
            Standing me;
            try (PreparedStatement ps = c.prepareStatement(sql.player)) {
                ps.setString(1, window);
                ps.setTimestamp(2, Timestamp.from(windowStart));
                ps.setString(3, playerId);
                List<Standing> rows = read(ps, 0, 0);
                if (rows.isEmpty()) {
                    return Optional.empty();
                }
                me = rows.get(0);
            }
            long ahead;
            try (PreparedStatement ps = position(c, sql.rankCount, window, windowStart, me)) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    ahead = rs.getLong(1);
                }
            }
            long rank = ahead + 1;
            List<Standing> above = List.of();
            List<Standing> below = List.of();
            if (neighbours > 0) {
                try (PreparedStatement ps = position(c, sql.above, window, windowStart, me)) {
                    ps.setInt(8, neighbours);
                    above = new ArrayList<>(read(ps, rank - 1, -1));
                    Collections.reverse(above);
                }
                try (PreparedStatement ps = position(c, sql.below, window, windowStart, me)) {
                    ps.setInt(8, neighbours);
                    below = read(ps, rank + 1, 1);
                }
            }
            return Optional.of(new PlayerRank(new Standing(rank, me.playerId(), me.best(), me.total(), me.events(), me.reachedAt()),
                    above, below));
        });
    }

    private static PreparedStatement position(Connection c, String statement, String window, Instant windowStart, Standing me)
            throws SQLException {
        PreparedStatement ps = c.prepareStatement(statement);
        ps.setString(1, window);
        ps.setTimestamp(2, Timestamp.from(windowStart));
        ps.setLong(3, me.best());
        ps.setLong(4, me.best());
        ps.setTimestamp(5, Timestamp.from(me.reachedAt()));
        ps.setTimestamp(6, Timestamp.from(me.reachedAt()));
        ps.setString(7, me.playerId());
        return ps;
    }

    /** Reads rows, numbering them from {@code firstRank} in steps of {@code step}. */
    private static List<Standing> read(PreparedStatement ps, long firstRank, int step) throws SQLException {
        List<Standing> out = new ArrayList<>();
        long rank = firstRank;
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Standing(rank, rs.getString(1), rs.getLong(2), rs.getBigDecimal(3), rs.getObject(4, Long.class), rs.getTimestamp(5).toInstant()));
                rank += step;
            }
        }
        return out;
    }
}
