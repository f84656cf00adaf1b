package dev.sluice.streams;

import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import dev.sluice.embedded.TestDatabase;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A Sluice and Streams on a fresh schema of the test database, closed after each test. */
abstract class StreamsTestSupport {

    static final SubscriberOptions FAST = SubscriberOptions.DEFAULTS.withPollInterval(Duration.ofMillis(100)).withMaxBackoff(Duration.ofMillis(200));

    protected HikariDataSource dataSource;
    protected String schema;
    protected Sluice sluice;
    protected Streams streams;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void start() {
        dataSource = TestDatabase.dataSource(16);
        schema = TestDatabase.freshSchemaName("t_" + getClass().getSimpleName().toLowerCase());
        sluice = newSluice();
        streams = newStreams(sluice, StreamsConfig.DEFAULTS.withMaintenanceInterval(Duration.ZERO));
    }

    /** Another Sluice on the same schema, as a second process would have. */
    protected Sluice newSluice() {
        Sluice s = Sluice.start(SluiceConfig.builder().jdbcUrl(TestDatabase.jdbcUrl()).schema(schema).maxPoolSize(8)
                .shutdownTimeout(Duration.ofSeconds(10)).build());
        closeables.add(s);
        return s;
    }

    protected Streams newStreams(Sluice on, StreamsConfig config) {
        Streams s = Streams.start(on, config);
        closeables.add(s);
        return s;
    }

    @AfterEach
    void stop() throws Exception {
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

    protected static List<StreamRecord> records(String key, int from, int count) {
        List<StreamRecord> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            out.add(StreamRecord.of(key, java.util.Map.of("n", i)));
        }
        return out;
    }
}
