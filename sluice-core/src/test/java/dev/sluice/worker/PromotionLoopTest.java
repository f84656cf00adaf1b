package dev.sluice.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.SluiceTestSupport;
import dev.sluice.queue.Message;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Promotion has a thread of its own: a message coming due moves into the ready stream while every
 * worker is busy in a handler, instead of waiting until a worker comes back for its next claim (the
 * worker that promoted used to make its own next batch wait for the promotion).
 */
class PromotionLoopTest extends SluiceTestSupport {

    @Test
    void aDueMessageIsPromotedWhileEveryWorkerIsInsideAHandler() throws Exception {
        sluice.queues().create("jobs");
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Workers workers = sluice.startWorkers("jobs", WorkerOptions.builder().concurrency(1).batchSize(10).build(), batch -> {
            inHandler.countDown();
            release.await(60, TimeUnit.SECONDS);
        });
        try {
            sluice.enqueue("jobs", Message.of(Map.of("blocks", "the only worker")));
            assertThat(inHandler.await(30, TimeUnit.SECONDS)).isTrue();
            long delayed = sluice.enqueue("jobs", Message.builder().payload(Map.of("due", "soon"))
                    .runAt(Instant.now().plusMillis(200)).build()).id();

            await().atMost(Duration.ofSeconds(30)).until(() ->
                    queryLong("SELECT count(*) FROM " + schema + ".q_jobs WHERE id = " + delayed) == 1);
            assertThat(release.getCount()).as("the worker is still inside its first handler").isEqualTo(1);
            assertThat(queryLong("SELECT count(*) FROM " + schema + ".s_jobs")).isZero();
        } finally {
            release.countDown();
            workers.close();
        }
    }
}
