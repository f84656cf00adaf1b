package dev.sluice.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.SluiceTestSupport;
import dev.sluice.queue.Message;
import dev.sluice.queue.QueueStatements;
import dev.sluice.queue.QueueTable;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A resumed claim starts {@link ClaimCursor#MARGIN_BATCHES} batches before its position, so an
 * enqueue that took its positions before a newer row was claimed, and committed after, is found by
 * resumed claims alone, without waiting for a sweep. (A promotion's rows are such newer rows: they
 * take their positions after every producer still in flight and commit at once.) With the earlier
 * margin of 4 batches, 401 of these 1,000 late messages stayed behind (checked).
 */
class ClaimMarginTest extends SluiceTestSupport {

    private static final int BATCH = 150;

    @Test
    void aLateCommitOfAThousandMessagesIsClaimedByResumedClaimsAlone() throws Exception {
        sluice.queues().create("jobs");
        QueueTable table = new QueueTable(schema, "jobs");
        Claimer claimer = new Claimer(table, new QueueStatements());
        ClaimCursor cursor = new ClaimCursor(Long.MAX_VALUE);
        List<Message> late = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            late.add(Message.of(Map.of("late", i)));
        }
        try (Connection producer = dataSource.getConnection()) {
            producer.setAutoCommit(false);
            sluice.enqueueBatch(producer, "jobs", late); // positions taken, not committed yet
            sluice.enqueue("jobs", Message.of(Map.of("fresh", true))); // a newer row, committed first

            assertThat(claimOnce(claimer, cursor)).as("the fresh message, whose claim moves the position past the late ones").isEqualTo(1);
            producer.commit();
        }

        int claimed = 0;
        int n;
        while ((n = claimOnce(claimer, cursor)) > 0) {
            claimed += n;
        }
        assertThat(claimed).as("late messages claimed by resumed claims, no sweep").isEqualTo(1_000);
    }

    /** One resumed claim, committed; moves the cursor as the workers do. */
    private int claimOnce(Claimer claimer, ClaimCursor cursor) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            ClaimedBatch batch = claimer.claim(c, cursor.resume(ClaimCursor.MARGIN_BATCHES * (long) BATCH), BATCH);
            for (int i = 0; i < batch.messages().size(); i++) {
                cursor.claimed(batch.messages().get(i).priority(), batch.seqs()[i]);
            }
            c.commit();
            return batch.messages().size();
        }
    }
}
