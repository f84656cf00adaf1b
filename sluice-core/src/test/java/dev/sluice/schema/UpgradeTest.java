package dev.sluice.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import dev.sluice.embedded.TestDatabase;
import dev.sluice.queue.QueueStatements;
import dev.sluice.queue.QueueTable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** A queue created by the V001-era layout is converted by V003 and keeps every message, in order. */
class UpgradeTest {

    @Test
    void queueOfTheFirstLayoutIsConvertedAndItsMessagesAreAllHandled() throws Exception {
        String schema = TestDatabase.freshSchemaName("t_upgrade");
        try (HikariDataSource ds = TestDatabase.dataSource(4)) {
            Migrator first = new Migrator("core", List.of(CoreMigrations.migrator().migrations().get(0)));
            first.migrate(ds, schema);
            QueueTable table = new QueueTable(schema, "jobs");
            Map<String, String> values = new HashMap<>(QueueStatements.placeholders(table));
            values.put("rotation_seconds", "5");
            values.put("slots", "2");
            values.put("partition_zero", table.partition(0));
            values.put("partition_one", table.partition(1));
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO \"" + schema + "\".queues (name, slots, rotation_seconds) VALUES ('jobs', 2, 5)");
                s.execute(SqlTemplate.load(UpgradeTest.class, "v1_queue.sql").render(values));
                s.execute("INSERT INTO " + table.table() + " (payload) SELECT jsonb_build_object('n', n) FROM generate_series(1, 100) n");
                s.execute("INSERT INTO " + table.table() + " (payload, run_at) VALUES ('{\"later\": true}', now() + interval '1 second')");
            }

            try (Sluice sluice = Sluice.start(SluiceConfig.builder().dataSource(ds).schema(schema).build())) {
                assertThat(count(ds, "SELECT count(*) FROM " + table.scheduled())).isEqualTo(1);
                assertThat(count(ds, "SELECT count(*) FROM " + table.table() + " WHERE seq = id")).isEqualTo(100);
                Set<Long> handled = ConcurrentHashMap.newKeySet();
                sluice.startWorkers("jobs", batch -> batch.messages().forEach(m -> handled.add(m.id())));
                sluice.enqueue("jobs", dev.sluice.queue.Message.of(Map.of("after", true)));
                await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() == 102);
                assertThat(sluice.queues().stats("jobs").depth()).isZero();
            }
        }
    }

    private static long count(HikariDataSource ds, String sql) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
