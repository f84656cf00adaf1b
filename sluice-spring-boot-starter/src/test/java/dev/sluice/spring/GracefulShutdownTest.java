package dev.sluice.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import dev.sluice.embedded.TestDatabase;
import dev.sluice.worker.BatchHandler;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Closing the context lets an in-flight batch finish and commit before the pool goes away. */
class GracefulShutdownTest {

    static final CountDownLatch IN_HANDLER = new CountDownLatch(1);
    static final CountDownLatch RELEASE = new CountDownLatch(1);
    static final String SCHEMA = TestDatabase.freshSchemaName("spring_shutdown");
    static final String TABLE = "\"" + SCHEMA + "\".done";

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class SlowApp {
        /** Queue "slow": writes through the batch's connection, then waits to be released. */
        @Bean
        BatchHandler slow(JdbcTemplate jdbc) {
            return batch -> {
                // JdbcTemplate on the application's DataSource: bound to the batch's transaction.
                jdbc.update("INSERT INTO " + TABLE + " (n) VALUES (?)", batch.size());
                IN_HANDLER.countDown();
                if (!RELEASE.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
            };
        }
    }

    @Test
    void closingTheContextFinishesTheInFlightBatch() throws Exception {
        String schema = SCHEMA;
        String table = TABLE;
        ConfigurableApplicationContext context = TestApps.run(SlowApp.class, TestDatabase.jdbcUrl(), schema,
                "sluice.shutdown-timeout=20s", "spring.lifecycle.timeout-per-shutdown-phase=25s");
        context.getBean(JdbcTemplate.class).execute("CREATE TABLE " + table + " (n int NOT NULL)");
        context.getBean(SluiceTemplate.class).enqueue("slow", Map.of("job", 1));
        assertThat(IN_HANDLER.await(10, TimeUnit.SECONDS)).isTrue();

        Thread closer = new Thread(context::close, "test-close");
        closer.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("sluice-workers-stop")));
        // The workers are stopping, the batch is still running: close waits for it.
        assertThat(closer.isAlive()).isTrue();
        RELEASE.countDown();
        closer.join(30_000);
        assertThat(closer.isAlive()).isFalse();

        try (var ds = TestDatabase.dataSource(2);
             Sluice check = Sluice.start(SluiceConfig.builder().dataSource(ds).schema(schema).listenNotify(false).build());
             var c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + table);
             var rs = ps.executeQuery()) {
            rs.next();
            assertThat(rs.getLong(1)).as("the handler's write committed").isEqualTo(1);
            assertThat(check.queues().stats("slow").depth()).as("the message was acknowledged").isZero();
        }
    }
}
