package dev.sluice;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.embedded.TestDatabase;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Base of core tests: a Sluice on a fresh schema of the test database, closed after each test. */
public abstract class SluiceTestSupport {

    protected HikariDataSource dataSource;
    protected String schema;
    protected Sluice sluice;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void startSluice() {
        dataSource = TestDatabase.dataSource(16);
        schema = TestDatabase.freshSchemaName("t_" + getClass().getSimpleName().toLowerCase());
        sluice = newSluice(b -> { });
    }

    /**
     * Another Sluice instance on the same schema, as a second process would have. With the system
     * property {@code sluice.test.poolIsolation=REPEATABLE_READ} (a second run of the suite, see the
     * pom), Sluice gets a user pool whose default isolation is that level instead of its own pool.
     */
    protected Sluice newSluice(java.util.function.Consumer<SluiceConfig.Builder> customise) {
        SluiceConfig.Builder builder = SluiceConfig.builder().schema(schema);
        String isolation = System.getProperty("sluice.test.poolIsolation", "");
        if (isolation.isEmpty()) {
            builder.jdbcUrl(TestDatabase.jdbcUrl()).maxPoolSize(12);
        } else {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(TestDatabase.jdbcUrl());
            if (!TestDatabase.jdbcUrl().contains("user=")) {
                config.setUsername("postgres");
            }
            config.setMaximumPoolSize(12);
            config.setTransactionIsolation("TRANSACTION_" + isolation);
            HikariDataSource pool = new HikariDataSource(config);
            closeables.add(pool);
            builder.dataSource(pool);
        }
        builder
                .pollInterval(Duration.ofMillis(200))
                .sweepInterval(Duration.ofMillis(100))
                .shutdownTimeout(Duration.ofSeconds(10));
        customise.accept(builder);
        Sluice s = Sluice.start(builder.build());
        closeables.add(s);
        return s;
    }

    @AfterEach
    void stopSluice() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        dataSource.close();
    }

    protected void execute(String sql) throws SQLException {
        TestDatabase.execute(dataSource, sql);
    }

    protected long queryLong(String sql) throws SQLException {
        return TestDatabase.queryLong(dataSource, sql);
    }
}
