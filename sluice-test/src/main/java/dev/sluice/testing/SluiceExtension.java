package dev.sluice.testing;

import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import dev.sluice.embedded.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that gives each test a {@link Sluice} on a clean schema of a real PostgreSQL:
 * an embedded PostgreSQL 17 started once per JVM (the project's {@code sluice-embedded}), or the
 * server named by {@code SLUICE_TEST_JDBC_URL}. The schema is dropped after the test.
 *
 * <pre>{@code
 * class SignupTest {
 *     @RegisterExtension
 *     static SluiceExtension sluice = SluiceExtension.create().queues("emails");
 *
 *     @Test
 *     void sendsAWelcomeEmail(Sluice sluice, SluiceTesting testing) { ... }
 * }
 * }</pre>
 *
 * <p>Or {@code @ExtendWith(SluiceExtension.class)} with the defaults. Test methods may take
 * {@link Sluice}, {@link SluiceTesting} and {@link javax.sql.DataSource} parameters. Workers poll every
 * 100 ms and the shutdown timeout is 5 s, so tests stay fast.
 */
public class SluiceExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SluiceExtension.class);

    private final List<String> queues = new ArrayList<>();
    private Consumer<SluiceConfig.Builder> customiser = b -> { };

    /** With the defaults; for {@code @ExtendWith}. */
    public SluiceExtension() {
    }

    /** A configurable extension, for {@code @RegisterExtension}. */
    public static SluiceExtension create() {
        return new SluiceExtension();
    }

    /** Queues to create before each test. */
    public SluiceExtension queues(String... names) {
        queues.addAll(List.of(names));
        return this;
    }

    /** Changes the configuration of each test's Sluice (the connection and schema are set by the extension). */
    public SluiceExtension configure(Consumer<SluiceConfig.Builder> customiser) {
        this.customiser = customiser;
        return this;
    }

    /** What one test gets; closed (and its schema dropped) after the test. */
    private record PerTest(Sluice sluice, com.zaxxer.hikari.HikariDataSource pool, String schema) implements AutoCloseable {
        @Override
        public void close() throws SQLException {
            try {
                sluice.close();
            } finally {
                try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                    s.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
                } finally {
                    pool.close();
                }
            }
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        String schema = TestDatabase.freshSchemaName("sluice_test");
        com.zaxxer.hikari.HikariDataSource pool = TestDatabase.dataSource(10);
        SluiceConfig.Builder config = SluiceConfig.builder()
                .pollInterval(Duration.ofMillis(100))
                .sweepInterval(Duration.ofMillis(100))
                .shutdownTimeout(Duration.ofSeconds(5));
        customiser.accept(config);
        Sluice sluice;
        try {
            sluice = Sluice.start(config.dataSource(pool).schema(schema).build());
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        queues.forEach(q -> sluice.queues().create(q));
        context.getStore(NAMESPACE).put(PerTest.class, new PerTest(sluice, pool, schema));
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        PerTest perTest = context.getStore(NAMESPACE).remove(PerTest.class, PerTest.class);
        if (perTest != null) {
            perTest.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Sluice.class || type == SluiceTesting.class || type == javax.sql.DataSource.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        PerTest perTest = context.getStore(NAMESPACE).get(PerTest.class, PerTest.class);
        if (perTest == null) {
            throw new org.junit.jupiter.api.extension.ParameterResolutionException(
                    "SluiceExtension provides Sluice, SluiceTesting and DataSource to test methods only (not constructors or @BeforeAll).");
        }
        Class<?> type = parameter.getParameter().getType();
        if (type == Sluice.class) {
            return perTest.sluice();
        }
        if (type == SluiceTesting.class) {
            return new SluiceTesting(perTest.sluice());
        }
        return perTest.pool();
    }
}
