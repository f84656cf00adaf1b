package dev.sluice.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sluice.SluiceConfig;
import dev.sluice.SluiceTestSupport;
import dev.sluice.queue.Message;
import dev.sluice.queue.QueueStats;
import dev.sluice.queue.UnknownQueueException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LifecycleTest extends SluiceTestSupport {

    @Test
    void pausedQueueIsNotClaimedUntilResumed() throws Exception {
        sluice.queues().create("jobs");
        sluice.queues().pause("jobs");
        AtomicInteger handled = new AtomicInteger();
        sluice.startWorkers("jobs", b -> handled.addAndGet(b.size()));
        sluice.enqueue("jobs", Message.json("{}"));
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> handled.get() == 0);
        assertThat(sluice.queues().stats("jobs").paused()).isTrue();
        sluice.queues().resume("jobs");
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.get() == 1);
    }

    @Test
    void closeLetsTheBatchInFlightFinishAndCommit() throws Exception {
        sluice.queues().create("jobs");
        execute("CREATE TABLE " + schema + ".handled (message_id bigint NOT NULL)");
        CountDownLatch started = new CountDownLatch(1);
        Workers workers = sluice.startWorkers("jobs", WorkerOptions.builder().concurrency(1).build(), b -> {
            started.countDown();
            Thread.sleep(500);
            try (PreparedStatement ps = b.connection().prepareStatement("INSERT INTO " + schema + ".handled VALUES (?)")) {
                ps.setLong(1, b.messages().get(0).id());
                ps.executeUpdate();
            }
        });
        sluice.enqueue("jobs", Message.json("{}"));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        workers.close();
        assertThat(workers.isRunning()).isFalse();
        assertThat(queryLong("SELECT count(*) FROM " + schema + ".handled")).isEqualTo(1);
        assertThat(sluice.queues().stats("jobs").depth()).isZero();
    }

    @Test
    void statisticsAndMetricsReflectTheQueue() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        var withMetrics = newSluice(b -> b.meterRegistry(registry));
        withMetrics.queues().create("jobs");
        withMetrics.enqueue("jobs", Message.of(Map.of("a", 1)));
        withMetrics.enqueue("jobs", Message.builder().json("{}").delay(Duration.ofHours(1)).build());
        QueueStats before = withMetrics.queues().stats("jobs");
        assertThat(before.depth()).isEqualTo(2);
        assertThat(before.ready()).isEqualTo(1);
        AtomicInteger handled = new AtomicInteger();
        withMetrics.startWorkers("jobs", b -> handled.addAndGet(b.size()));
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.get() == 1);
        // The count is taken once the batch has committed, just after the handler returned.
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            withMetrics.maintenance().flushCounters();
            return withMetrics.queues().stats("jobs").processed() == 1;
        });
        QueueStats after = withMetrics.queues().stats("jobs");
        assertThat(after.depth()).isEqualTo(1);
        assertThat(registry.get("sluice.messages.processed").tag("queue", "jobs").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("sluice.queue.depth").tag("queue", "jobs").gauge().value()).isEqualTo(1.0);
        assertThat(withMetrics.queues().allStats()).extracting(QueueStats::queue).containsExactly("jobs");
        // A queue without local workers still gets its gauges once maintenance finds it.
        withMetrics.queues().create("elsewhere");
        await().atMost(Duration.ofSeconds(20)).until(() -> registry.find("sluice.queue.depth").tag("queue", "elsewhere").gauge() != null);
    }

    @Test
    void workersForAnUnknownQueueFailFast() {
        assertThatThrownBy(() -> sluice.startWorkers("ghost", b -> { })).isInstanceOf(UnknownQueueException.class);
    }

    @Test
    void configurationErrorsNameTheSettingAndRange() {
        assertThatThrownBy(() -> SluiceConfig.builder().jdbcUrl("jdbc:mysql://x").build())
                .hasMessageContaining("jdbc:postgresql:");
        assertThatThrownBy(() -> SluiceConfig.builder().jdbcUrl("jdbc:postgresql://x/y").maxPoolSize(0).build())
                .hasMessageContaining("maxPoolSize must be between 1 and 1000");
        assertThatThrownBy(() -> SluiceConfig.builder().build()).hasMessageContaining("exactly one of jdbcUrl or dataSource");
        assertThatThrownBy(() -> WorkerOptions.builder().batchSize(0).build()).hasMessageContaining("batchSize must be between 1 and 10000");
        assertThatThrownBy(() -> SluiceConfig.builder().jdbcUrl("jdbc:postgresql://x/y").schema("Bad Schema").build())
                .hasMessageContaining("schema name");
    }
}
