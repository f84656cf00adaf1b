package dev.sluice.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import dev.sluice.embedded.EmbeddedDatabase;
import dev.sluice.embedded.EmbeddedDatabase.Durability;
import dev.sluice.queue.Message;
import dev.sluice.queue.ReceivedMessage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs on its own embedded server, since it stops and starts it. */
class DatabaseRestartTest {

    @TempDir
    Path dataDir;

    @Test
    void workersSurviveAPostgresRestartMidRunWithNothingLostOrDoubled() throws Exception {
        EmbeddedDatabase db = EmbeddedDatabase.start(Durability.FAST, dataDir.resolve("pg"), 0);
        String url = db.jdbcUrl();
        int total = 20_000;
        AtomicLong handled = new AtomicLong();
        try (Sluice sluice = Sluice.start(SluiceConfig.builder().jdbcUrl(url).maxPoolSize(6)
                .pollInterval(Duration.ofMillis(100)).sweepInterval(Duration.ofMillis(100)).build())) {
            sluice.queues().create("jobs");
            try (Connection c = sluice.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE handled (message_id bigint NOT NULL)");
            }
            List<Message> messages = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                messages.add(Message.of(Map.of("i", i)));
            }
            sluice.enqueueBatch("jobs", messages);
            sluice.startWorkers("jobs", dev.sluice.worker.WorkerOptions.builder().concurrency(3).batchSize(100).build(), batch -> {
                try (PreparedStatement ps = batch.connection().prepareStatement("INSERT INTO handled VALUES (?)")) {
                    for (ReceivedMessage m : batch.messages()) {
                        ps.setLong(1, m.id());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                Thread.sleep(5); // keep batches in flight when the server goes down
                handled.addAndGet(batch.size());
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> handled.get() > 2_000);
            db.close(); // fast shutdown: in-flight transactions are aborted
            db = db.startAgain();
            try (HikariDataSource check = db.dataSource(2)) {
                await().atMost(Duration.ofSeconds(90)).until(() -> count(check, "SELECT count(*) FROM handled") >= total);
                assertThat(count(check, "SELECT count(*) FROM handled")).isEqualTo(total);
                assertThat(count(check, "SELECT count(DISTINCT message_id) FROM handled")).isEqualTo(total);
                assertThat(count(check, "SELECT count(*) FROM sluice.q_jobs")).isZero();
            }
        } finally {
            db.close();
        }
    }

    private static long count(HikariDataSource ds, String sql) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
