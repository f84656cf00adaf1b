package dev.sluice.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.SluiceTestSupport;
import dev.sluice.queue.Message;
import dev.sluice.queue.QueueStatements;
import dev.sluice.queue.QueueTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pacing rule of promotion, step by step (no workers running): what one call moves, and when the next may. */
class PromoterTest extends SluiceTestSupport {

    @Test
    void aBurstComingDueMovesOneChunkPerIntervalUnlessTheWorkersHaveCaughtUp() throws Exception {
        sluice.queues().create("jobs");
        List<Message> burst = new ArrayList<>();
        for (int i = 0; i < 3_500; i++) {
            burst.add(Message.builder().payload(Map.of("i", i)).runAt(Instant.now().plusSeconds(1)).build());
        }
        sluice.enqueueBatch("jobs", burst);
        execute("UPDATE " + schema + ".s_jobs SET run_at = now() - interval '1 second'"); // all due, long enough ago
        long hour = java.time.Duration.ofHours(1).toNanos(); // the interval never passes during the test
        Promoter promoter = new Promoter(dataSource, new QueueTable(schema, "jobs"), new QueueStatements(), hour, Promoter.FULL_SHARE_AFTER_MILLIS);

        assertThat(promoter.promoteIfDue()).isEqualTo(Promoter.MAX_ROWS - Promoter.FRESH_ROWS); // the fresh lane is empty
        assertThat(promoter.promoteIfDue()).as("the next chunk waits for the interval").isZero();
        promoter.caughtUp(); // a claim came back short: the ready stream is drained
        assertThat(promoter.promoteIfDue()).isEqualTo(900);
        assertThat(queryLong("SELECT count(*) FROM " + schema + ".q_jobs")).isEqualTo(1_800);
        assertThat(queryLong("SELECT count(*) FROM " + schema + ".s_jobs")).isEqualTo(1_700);
    }

    @Test
    void messagesThatJustCameDueTakeTheirLaneAheadOfAnOlderBacklog() throws Exception {
        sluice.queues().create("jobs");
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < 2_050; i++) {
            messages.add(Message.builder().payload(Map.of("i", i)).runAt(Instant.now().plusSeconds(1)).build());
        }
        List<Long> ids = sluice.enqueueBatch("jobs", messages).stream().map(r -> r.id()).toList();
        // 2,000 came due a second ago (a burst), the last 50 just now (say, retries).
        execute("UPDATE " + schema + ".s_jobs SET run_at = now() - interval '1 second'");
        execute("UPDATE " + schema + ".s_jobs SET run_at = now() WHERE id >= " + ids.get(2_000));
        Promoter promoter = new Promoter(dataSource, new QueueTable(schema, "jobs"), new QueueStatements());

        assertThat(promoter.promote()).isEqualTo(950);
        assertThat(queryLong("SELECT count(*) FROM " + schema + ".q_jobs WHERE id >= " + ids.get(2_000)))
                .as("every fresh one moved in the first chunk, ahead of 1,100 older ones still scheduled").isEqualTo(50);
    }

    @Test
    void whileTheWorkersHaveNotCaughtUpTheBacklogMovesByAShareThatGrowsWithItsAge() throws Exception {
        sluice.queues().create("jobs");
        List<Message> burst = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            burst.add(Message.builder().payload(Map.of("i", i)).runAt(Instant.now().plusSeconds(1)).build());
        }
        sluice.enqueueBatch("jobs", burst);
        execute("UPDATE " + schema + ".s_jobs SET run_at = now() - interval '1 second'"); // out of the fresh lane
        long hourMillis = java.time.Duration.ofHours(1).toMillis(); // the ramp barely moves during the test
        Promoter promoter = new Promoter(dataSource, new QueueTable(schema, "jobs"), new QueueStatements(), 0, hourMillis);

        assertThat(promoter.promoteIfDue()).as("a burst's first chunk is full").isEqualTo(900);
        assertThat(promoter.promoteIfDue()).as("the workers have not caught up: the paced share").isEqualTo(Promoter.PACED_ROWS);
        assertThat(promoter.moreDue()).isTrue();
        promoter.caughtUp();
        assertThat(promoter.promoteIfDue()).as("caught up: a full chunk again").isEqualTo(900);
        assertThat(queryLong("SELECT count(*) FROM " + schema + ".q_jobs")).isEqualTo(1_900);
    }

    @Test
    void thePacedShareGrowsToAFullChunkAsTheBacklogAges() {
        assertThat(Promoter.pacedRows(0, 2_000)).isEqualTo(Promoter.PACED_ROWS);
        assertThat(Promoter.pacedRows(-5, 2_000)).as("not yet due: the least share").isEqualTo(Promoter.PACED_ROWS);
        assertThat(Promoter.pacedRows(1_000, 2_000)).isEqualTo(500);
        assertThat(Promoter.pacedRows(2_000, 2_000)).isEqualTo(900);
        assertThat(Promoter.pacedRows(Long.MAX_VALUE / 2, 2_000)).as("no overflow").isEqualTo(900);
    }
}
