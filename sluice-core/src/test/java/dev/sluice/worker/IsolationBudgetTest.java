package dev.sluice.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.SluiceTestSupport;
import dev.sluice.queue.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Isolating a batch in which every message fails calls the handler about 4 log2(n) times, not 2n. */
class IsolationBudgetTest extends SluiceTestSupport {

    @Test
    void batchWhereEverythingFailsIsNotSplitDownToEveryMessage() throws Exception {
        sluice.queues().create("jobs");
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < 128; i++) {
            messages.add(Message.of(Map.of("i", i)));
        }
        sluice.enqueueBatch("jobs", messages);
        AtomicInteger calls = new AtomicInteger();
        WorkerOptions options = WorkerOptions.builder().concurrency(1).batchSize(128).maxAttempts(2)
                .retryBaseDelay(Duration.ofHours(1)).retryMaxDelay(Duration.ofHours(1)).build();
        sluice.startWorkers("jobs", options, batch -> {
            calls.incrementAndGet();
            throw new IllegalStateException("downstream is down");
        });
        // The batch spends its budget singling out a few messages (an attempt counted for each); the
        // rest are deferred for their backoff (an hour here) with no attempt counted.
        await().atMost(Duration.ofSeconds(60)).until(() -> queryLong("SELECT count(*) FROM " + schema + ".s_jobs") == 128);
        assertThat(BatchExecutor.splitBudget(128)).isEqualTo(28);
        assertThat(calls.get()).as("handler calls; without the budget 2n - 1 = 255").isEqualTo(1 + 28);
        long counted = queryLong("SELECT count(*) FROM " + schema + ".s_jobs WHERE attempts = 1");
        assertThat(counted).as("messages singled out and counted").isBetween(1L, 14L);
        assertThat(queryLong("SELECT count(*) FROM " + schema + ".s_jobs WHERE attempts = 0 AND last_error LIKE 'Not run alone%'"))
                .isEqualTo(128 - counted);
    }
}
