package dev.sluice.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.embedded.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MigratorTest {

    @Test
    void concurrentStartsApplyEachMigrationOnce() throws Exception {
        String schema = TestDatabase.freshSchemaName("t_migrate");
        try (HikariDataSource ds = TestDatabase.dataSource(10)) {
            int processes = 6;
            ExecutorService pool = Executors.newFixedThreadPool(processes);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> applied = new ArrayList<>();
            for (int i = 0; i < processes; i++) {
                applied.add(pool.submit(() -> {
                    start.await();
                    return CoreMigrations.migrator().migrate(ds, schema);
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> f : applied) {
                total += f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
            Migrator migrator = CoreMigrations.migrator();
            assertThat(total).isEqualTo(migrator.latestVersion());
            assertThat(migrator.currentVersion(ds, schema)).isEqualTo(migrator.latestVersion());
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT version) FROM \"" + schema + "\".schema_migrations")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(rs.getInt(2)).isEqualTo(migrator.latestVersion());
            }
            assertThat(migrator.migrate(ds, schema)).isZero();
        }
    }

    @Test
    void printedScriptCreatesTheSameSchema() throws Exception {
        String schema = TestDatabase.freshSchemaName("t_script");
        String script = CoreMigrations.migrator().script(schema);
        assertThat(script).contains("CREATE TABLE \"" + schema + "\".queues").contains("schema_migrations");
        try (HikariDataSource ds = TestDatabase.dataSource(2)) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute(script);
            }
            assertThat(CoreMigrations.migrator().currentVersion(ds, schema)).isEqualTo(CoreMigrations.migrator().latestVersion());
            assertThat(CoreMigrations.migrator().migrate(ds, schema)).isZero();
        }
    }

    @Test
    void badSchemaNameIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CoreMigrations.migrator().script("x\"; DROP SCHEMA public; --"))
                .isInstanceOf(InvalidIdentifierException.class);
    }
}
