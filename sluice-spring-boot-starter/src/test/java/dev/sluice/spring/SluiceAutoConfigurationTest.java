package dev.sluice.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sluice.Sluice;
import dev.sluice.embedded.TestDatabase;
import dev.sluice.queue.Message;
import dev.sluice.spring.app.Email;
import dev.sluice.spring.app.Mailer;
import dev.sluice.spring.app.OrderService;
import dev.sluice.spring.app.TestApplication;
import dev.sluice.spring.handler.SluiceWorkers;
import dev.sluice.worker.WorkerOptions;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import dev.sluice.spring.health.SluiceHealthIndicator;

/** A real Spring Boot context on the test PostgreSQL: the application of {@link TestApplication}. */
@SpringBootTest(classes = TestApplication.class, properties = {
        "sluice.poll-interval=200ms",
        "sluice.sweep-interval=100ms",
        "sluice.queues.emails.max-attempts=1",
        "sluice.queues.emails.retry-base-delay=0s",
        "sluice.queues.emails.retry-max-delay=0s",
        "sluice.queues.reports.slots=2",
        "sluice.queues.chain.max-attempts=1",
        "sluice.queues.chain_audit.max-depth=1000"})
class SluiceAutoConfigurationTest {

    static final String SCHEMA = TestDatabase.freshSchemaName("spring_app");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestDatabase::jdbcUrl);
        registry.add("sluice.schema", () -> SCHEMA);
    }

    @BeforeAll
    static void tables() throws Exception {
        try (var ds = TestDatabase.dataSource(1); var c = ds.getConnection(); var s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS \"" + SCHEMA + "\"");
            s.execute("CREATE TABLE \"" + SCHEMA + "\".orders (id bigserial PRIMARY KEY, customer text NOT NULL)");
            s.execute("CREATE TABLE \"" + SCHEMA + "\".sent (address text NOT NULL)");
            s.execute("CREATE TABLE \"" + SCHEMA + "\".chained (item text NOT NULL)");
        }
    }

    @Autowired OrderService orders;
    @Autowired Mailer mailer;
    @Autowired SluiceTemplate template;
    @Autowired Sluice sluice;
    @Autowired SluiceWorkers workers;
    @Autowired JdbcTemplate jdbc;
    @Autowired MeterRegistry meters;
    @Autowired SluiceHealthIndicator health;

    private List<String> sent() {
        return jdbc.queryForList("SELECT address FROM \"" + SCHEMA + "\".sent ORDER BY address", String.class);
    }

    @Test
    void anEnqueueInACommittedTransactionIsHandledAsATypedPayload() {
        orders.placeOrder("ada@example.com", false);

        await().atMost(Duration.ofSeconds(10)).until(() -> sent().contains("ada@example.com"));
        assertThat(mailer.received).contains(new Email("ada@example.com", "Your order"));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM \"" + SCHEMA + "\".orders WHERE customer = 'ada@example.com'",
                Long.class)).isEqualTo(1);
    }

    @Test
    void anEnqueueInARolledBackTransactionIsNeverDelivered() {
        assertThatThrownBy(() -> orders.placeOrder("rolled-back@example.com", true))
                .hasMessageContaining("payment declined");
        // A later message through the same queue is handled; the rolled-back one never was nor will be.
        orders.placeOrder("after-rollback@example.com", false);
        await().atMost(Duration.ofSeconds(10)).until(() -> sent().contains("after-rollback@example.com"));

        assertThat(sent()).doesNotContain("rolled-back@example.com");
        assertThat(mailer.received).extracting(Email::to).doesNotContain("rolled-back@example.com");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM \"" + SCHEMA + "\".orders WHERE customer = 'rolled-back@example.com'",
                Long.class)).isZero();
        assertThat(sluice.queues().stats("emails").depth()).isZero();
    }

    @Test
    void handlerWritesThroughJdbcTemplateCommitWithTheBatchAndAFailingMessageLeavesNoTrace() {
        template.enqueueBatch("emails", List.of(
                Message.of(new Email("batch-1@example.com", "hi")),
                Message.of(new Email("poison@example.com", "hi")),
                Message.of(new Email("batch-2@example.com", "hi"))));

        // The poison message fails its only attempt (max-attempts=1 from the properties) and is dead-lettered.
        await().atMost(Duration.ofSeconds(10)).until(() -> sluice.deadLetters().list("emails").size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> sent().containsAll(List.of("batch-1@example.com", "batch-2@example.com")));
        // The batch's first attempt wrote batch-1 before the poison threw: rolled back with it, so once only.
        assertThat(sent()).filteredOn(a -> a.startsWith("batch-")).containsExactly("batch-1@example.com", "batch-2@example.com");
        assertThat(sent()).doesNotContain("poison@example.com");
    }

    @Test
    void aTransactionalMethodCalledByAHandlerJoinsTheBatchAndItsEnqueuesToo() {
        // One statement, one commit: the worker's first claim takes both into one batch.
        template.enqueueBatch("chain", List.of(Message.of("ok-1"), Message.of("fail-1")));

        // fail-1 fails its only attempt: the batch's first attempt (ok-1's write and enqueue included) rolled back,
        // then ok-1 alone committed once. Had record() run its own transactions, ok-1 would be there twice.
        await().atMost(Duration.ofSeconds(10)).until(() -> sluice.deadLetters().list("chain").size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForList(
                "SELECT item FROM \"" + SCHEMA + "\".chained", String.class).contains("ok-1"));
        assertThat(jdbc.queryForList("SELECT item FROM \"" + SCHEMA + "\".chained", String.class)).containsExactly("ok-1");
        assertThat(sluice.queues().stats("chain_audit").depth()).as("only ok-1's enqueue committed").isEqualTo(1);
        assertThat(sluice.deadLetters().list("chain").get(0).payloadJson()).contains("fail-1");
    }

    @Test
    void aBatchHandlerBeanHandlesTheQueueOfItsName() {
        template.enqueue("audit", Map.of("event", "login"));

        await().atMost(Duration.ofSeconds(10)).until(() -> TestApplication.AUDITED.stream()
                .anyMatch(m -> m.payloadTree().path("event").asText().equals("login")));
        assertThat(workers.queues()).containsExactlyInAnyOrder("emails", "audit", "chain");
    }

    @Test
    void propertiesOverrideTheAnnotationWhichOverridesTheDefaults() {
        WorkerOptions emails = workers.optionsFor(new dev.sluice.spring.handler.HandlerRegistration("emails", b -> { }, "test", 2, 50, -1));

        assertThat(emails.concurrency()).isEqualTo(2);
        assertThat(emails.batchSize()).isEqualTo(50);
        assertThat(emails.maxAttempts()).isEqualTo(1);
        assertThat(emails.retryMaxDelay()).isEqualTo(Duration.ZERO);
        // Declared only in the properties: created at start with its options.
        assertThat(sluice.queues().options("reports").slots()).isEqualTo(2);
    }

    @Test
    void sluiceRunsOnTheApplicationsPoolAndMeters() {
        assertThat(sluice.config().schema()).isEqualTo(SCHEMA);
        template.enqueue("audit", Map.of("event", "metered"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(meters.find("sluice.messages.processed").tag("queue", "audit").counter()).isNotNull());
    }

    @Test
    void healthIsUpWithEachQueuesFigures() {
        await().atMost(Duration.ofSeconds(10)).until(sluice::isListening);
        Health h = health.health();

        assertThat(h.getStatus()).isEqualTo(Status.UP);
        assertThat(h.getDetails()).containsEntry("listen", "connected").containsEntry("database", "reachable");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> queues = (Map<String, Map<String, Object>>) h.getDetails().get("queues");
        assertThat(queues).containsKeys("emails", "audit", "reports");
        assertThat(queues.get("reports")).containsKeys("depth", "ready", "oldestReadySeconds", "deadLetters", "paused");
    }
}
