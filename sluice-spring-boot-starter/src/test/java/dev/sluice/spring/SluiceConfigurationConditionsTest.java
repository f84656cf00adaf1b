package dev.sluice.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Sluice;
import dev.sluice.embedded.TestDatabase;
import dev.sluice.spring.autoconfigure.SluiceAutoConfiguration;
import dev.sluice.spring.handler.SluiceWorkers;
import dev.sluice.worker.Batch;
import dev.sluice.worker.BatchHandler;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** When the auto-configuration applies, backs off, and how bad properties and handlers fail the start. */
class SluiceConfigurationConditionsTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SluiceAutoConfiguration.class));

    private ApplicationContextRunner withDatabase() {
        return runner.withBean(DataSource.class, () -> TestDatabase.dataSource(4))
                .withPropertyValues("sluice.schema=" + TestDatabase.freshSchemaName("spring_cond"));
    }

    @Test
    void withoutADataSourceThereIsNoSluice() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Sluice.class));
    }

    @Test
    void sluiceEnabledFalseTurnsItOff() {
        withDatabase().withPropertyValues("sluice.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Sluice.class).doesNotHaveBean(SluiceTemplate.class));
    }

    @Test
    void everyBeanIsCreatedAndTheApplicationsOwnWins() {
        withDatabase().run(context -> assertThat(context).hasSingleBean(Sluice.class).hasSingleBean(SluiceTemplate.class)
                .hasSingleBean(SluiceWorkers.class));
        withDatabase().withUserConfiguration(OwnTemplate.class)
                .run(context -> assertThat(context.getBean(SluiceTemplate.class)).isSameAs(OwnTemplate.INSTANCE));
    }

    @Test
    void workersEnabledFalseLeavesEnqueueOnly() {
        withDatabase().withPropertyValues("sluice.workers.enabled=false")
                .run(context -> assertThat(context).hasSingleBean(SluiceTemplate.class).doesNotHaveBean(SluiceWorkers.class));
    }

    @Test
    void anOutOfRangeQueuePropertyFailsNamingThePropertyAndTheRange() {
        withDatabase().withPropertyValues("sluice.queues.emails.batch-size=0").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("queues[emails].batchSize")
                    .hasMessageContaining("batchSize must be between 1 and 10000; got 0.");
        });
    }

    @Test
    void anOutOfRangeGlobalPropertyFailsNamingIt() {
        withDatabase().withPropertyValues("sluice.poll-interval=1ms").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("pollInterval")
                    .hasMessageContaining("pollInterval must be between PT0.01S and PT1H; got PT0.001S.");
        });
    }

    @Test
    void anInvalidQueueNameOrSchemaFails() {
        withDatabase().withPropertyValues("sluice.queues.Bad-Queue.concurrency=2").run(context ->
                assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("sluice.queues.Bad-Queue")
                        .hasMessageContaining("queue name"));
        withDatabase().withPropertyValues("sluice.schema=no spaces").run(context ->
                assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("schema"));
    }

    @Test
    void twoHandlersForOneQueueFailTheStartNamingBoth() {
        withDatabase().withUserConfiguration(TwoHandlers.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("Queue \"orders\" has two handlers")
                    .hasMessageContaining("BatchHandler bean 'orders'")
                    .hasMessageContaining("TwoHandlers$OrdersHandler.handle");
        });
    }

    @Test
    void aHandlerMethodWithAnUnusableSignatureFailsSayingWhy() {
        withDatabase().withUserConfiguration(BadSignature.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("BadSignature$Handler.handle cannot be used")
                    .hasMessageContaining("2 payload parameters");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnTemplate {
        static final SluiceTemplate INSTANCE = new SluiceTemplate(null, null, dev.sluice.tracing.SluiceTracing.disabled());

        @Bean
        SluiceTemplate ownTemplate() {
            return INSTANCE;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoHandlers {
        @Bean
        BatchHandler orders() {
            return batch -> { };
        }

        @Bean
        OrdersHandler ordersHandler() {
            return new OrdersHandler();
        }

        static class OrdersHandler {
            @SluiceHandler(queue = "orders")
            void handle(Batch batch) {
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class BadSignature {
        @Bean
        Handler handler() {
            return new Handler();
        }

        static class Handler {
            @SluiceHandler(queue = "bad")
            void handle(List<String> a, String b) {
            }
        }
    }
}
