package dev.sluice.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.embedded.EmbeddedDatabase;
import dev.sluice.queue.Message;
import dev.sluice.spring.health.SluiceHealthIndicator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/** The health indicator on a PostgreSQL of its own, which the test stops and starts again. */
class HealthIndicatorTest {

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {
    }

    @Test
    void downWhilePostgresIsStoppedAndUpAgainAfterItsRestart() throws Exception {
        Path data = Files.createTempDirectory("sluice-health");
        EmbeddedDatabase db = EmbeddedDatabase.start(EmbeddedDatabase.Durability.FAST, data, 0);
        try (ConfigurableApplicationContext context = TestApps.run(App.class, db.jdbcUrl(), "health",
                "spring.datasource.hikari.connection-timeout=500", "spring.datasource.hikari.validation-timeout=250")) {
            SluiceHealthIndicator health = context.getBean(SluiceHealthIndicator.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> health.health().getStatus().equals(Status.UP));

            db.close();
            await().atMost(Duration.ofSeconds(15)).until(() -> health.health().getStatus().equals(Status.DOWN));
            assertThat(health.health().getDetails()).containsEntry("database", "unreachable");

            db = db.startAgain();
            await().atMost(Duration.ofSeconds(30)).until(() -> health.health().getStatus().equals(Status.UP));
            assertThat(health.health().getDetails()).containsEntry("listen", "connected");
        } finally {
            db.close();
        }
    }

    @Test
    void aQueuePastItsThresholdIsDown() {
        try (ConfigurableApplicationContext context = TestApps.runFresh(App.class, "spring_health",
                "sluice.queues.backlog.max-depth=2", "sluice.health.max-oldest-ready-age=1h")) {
            SluiceTemplate template = context.getBean(SluiceTemplate.class);
            SluiceHealthIndicator health = context.getBean(SluiceHealthIndicator.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> health.health().getStatus().equals(Status.UP));

            // No handler for "backlog" in this application: the messages stay.
            template.enqueueBatch("backlog", List.of(Message.of(1), Message.of(2), Message.of(3)));
            Health h = health.health();

            assertThat(h.getStatus()).isEqualTo(Status.DOWN);
            assertThat(h.getDetails().get("problems").toString()).contains("queue backlog holds 3 messages, more than max-depth 2");
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> queues = (Map<String, Map<String, Object>>) h.getDetails().get("queues");
            assertThat(queues.get("backlog")).containsEntry("depth", 3L).containsEntry("ready", 3L);
        }
    }
}
