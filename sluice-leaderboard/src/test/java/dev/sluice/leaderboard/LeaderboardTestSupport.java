package dev.sluice.leaderboard;

import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import dev.sluice.embedded.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

abstract class LeaderboardTestSupport {
    protected HikariDataSource dataSource;
    protected String schema;
    protected Sluice sluice;
    protected MutableClock clock;
    protected Leaderboards boards;

    @BeforeEach
    void start() {
        dataSource = TestDatabase.dataSource(12);
        schema = TestDatabase.freshSchemaName("t_" + getClass().getSimpleName().toLowerCase());
        sluice = Sluice.start(SluiceConfig.builder().dataSource(dataSource).schema(schema).build());
        clock = new MutableClock(Instant.now());
        boards = Leaderboards.startManual(sluice, config().build(), clock);
    }

    protected LeaderboardConfig.Builder config() {
        // Most tests check exactly-once by the count and sum of events, so they keep both.
        return LeaderboardConfig.builder().schema(schema).aggregates(Aggregate.MAX, Aggregate.SUM, Aggregate.COUNT);
    }

    @AfterEach
    void stop() {
        boards.close();
        sluice.close();
        dataSource.close();
    }

    protected long queryLong(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
