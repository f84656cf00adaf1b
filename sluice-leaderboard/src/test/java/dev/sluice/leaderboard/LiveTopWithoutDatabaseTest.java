package dev.sluice.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import dev.sluice.embedded.TestDatabase;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A served read ({@link Leaderboards#liveTop}) is an in-memory lookup: it takes no connection, in
 * none of its cases (the published top, a window that rolled over since the last publish, more
 * than {@code snapshotSize}), and no published snapshot is needed for it. Before the live top was
 * published by the tail, the last two cases (and a process without an announced snapshot yet) ran
 * the exact query: a database round trip, waiting for every transaction open at the call.
 */
class LiveTopWithoutDatabaseTest {

    private HikariDataSource pool;
    private CountingConnections counted;
    private Sluice sluice;
    private Leaderboards boards;
    private MutableClock clock;

    @BeforeEach
    void start() {
        pool = TestDatabase.dataSource(8);
        counted = new CountingConnections(pool);
        String schema = TestDatabase.freshSchemaName("t_livetop");
        sluice = Sluice.start(SluiceConfig.builder().dataSource(counted).schema(schema).build());
        // one second before a minute ends, so the test can step into the next minute
        Instant now = Instant.now();
        clock = new MutableClock(Instant.ofEpochSecond(now.getEpochSecond() / 60 * 60 + 59));
        boards = Leaderboards.startManual(sluice, LeaderboardConfig.builder().schema(schema).snapshotSize(2).build(), clock);
    }

    @AfterEach
    void stop() {
        boards.close();
        sluice.close();
        pool.close();
    }

    @Test
    void servedReadsTakeNoConnectionAndFollowEachTailRead() {
        boards.ingest(ScoreEvent.of("e1", "ada", 10, clock.instant()));
        boards.ingest(ScoreEvent.of("e2", "bob", 20, clock.instant()));
        boards.fold();

        long before = counted.leases();
        assertThat(boards.liveTop("1m", 2)).as("no snapshot was ever published: the tail's read serves it")
                .extracting(Standing::playerId).containsExactly("bob", "ada");
        assertThat(boards.liveTop("all", 1)).extracting(Standing::playerId).containsExactly("bob");
        assertThat(counted.leases() - before).as("connections taken by served reads of the published top").isZero();

        boards.ingest(ScoreEvent.of("e3", "cyd", 30, clock.instant()));
        boards.fold();
        before = counted.leases();
        assertThat(boards.liveTop("all", 3)).as("beyond snapshotSize: the in-memory page")
                .extracting(Standing::playerId).containsExactly("cyd", "bob", "ada");
        assertThat(counted.leases() - before).as("connections taken by a read beyond snapshotSize").isZero();

        clock.advance(Duration.ofSeconds(1)); // a new minute, and no tail read since
        before = counted.leases();
        assertThat(boards.liveTop("1m", 2)).as("a new minute before any read of it: nobody yet").isEmpty();
        assertThat(boards.liveTop("all", 2)).extracting(Standing::playerId).containsExactly("cyd", "bob");
        assertThat(counted.leases() - before).as("connections taken by served reads at a window's rollover").isZero();

        boards.ingest(ScoreEvent.of("e4", "dan", 5, clock.instant()));
        boards.fold();
        before = counted.leases();
        assertThat(boards.liveTop("1m", 2)).as("the new minute after a read").extracting(Standing::playerId).containsExactly("dan");
        assertThat(boards.liveTop("all", 2)).extracting(Standing::playerId).containsExactly("cyd", "bob");
        assertThat(counted.leases() - before).isZero();
    }

    /** A real pool, with a count of the connections leased from it. */
    private static final class CountingConnections implements DataSource {
        private final DataSource delegate;
        private final AtomicLong leases = new AtomicLong();

        CountingConnections(DataSource delegate) {
            this.delegate = delegate;
        }

        long leases() {
            return leases.get();
        }

        @Override
        public Connection getConnection() throws SQLException {
            leases.incrementAndGet();
            return delegate.getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            leases.incrementAndGet();
            return delegate.getConnection(user, password);
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return delegate.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            delegate.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            delegate.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return delegate.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return delegate.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            return iface.isInstance(this) ? iface.cast(this) : delegate.unwrap(iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) throws SQLException {
            return iface.isInstance(this) || delegate.isWrapperFor(iface);
        }
    }
}
