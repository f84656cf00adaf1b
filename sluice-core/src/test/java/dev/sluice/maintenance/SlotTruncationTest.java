package dev.sluice.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.SluiceTestSupport;
import dev.sluice.queue.Message;
import dev.sluice.queue.QueueOptions;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SlotTruncationTest extends SluiceTestSupport {

    private static final long THRESHOLD_PAGES = 1_048_576 / 8192;

    private long largestSlotPages() throws Exception {
        return queryLong("SELECT coalesce(max(pg_relation_size(c.oid)), 0) / 8192 FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                + " WHERE i.inhparent = '" + schema + ".q_jobs'::regclass");
    }

    private long storedPages() throws Exception {
        return queryLong("SELECT coalesce(sum(pg_relation_size(c.oid)), 0) / 8192 FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                + " WHERE i.inhparent = '" + schema + ".q_jobs'::regclass");
    }

    @Test
    void drainedSlotsAreTruncatedEvenWhileAnOldSnapshotHoldsBackVacuum() throws Exception {
        sluice.queues().create("jobs", new QueueOptions(2, Duration.ofSeconds(1)));
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                s.execute("SELECT txid_current()"); // an old snapshot, as a long report would hold
            }
            List<Message> batch = new ArrayList<>();
            String pad = "x".repeat(300);
            for (int i = 0; i < 20_000; i++) {
                batch.add(Message.of(Map.of("i", i, "pad", pad))); // several MB: worth truncating
            }
            sluice.enqueueBatch("jobs", batch);
            long before = storedPages();
            assertThat(before).as("the data must be worth truncating").isGreaterThan(3 * THRESHOLD_PAGES);
            AtomicInteger handled = new AtomicInteger();
            sluice.startWorkers("jobs", b -> handled.addAndGet(b.size()));
            await().atMost(Duration.ofSeconds(60)).until(() -> handled.get() == 20_000);
            // VACUUM cannot remove these deleted rows under the held snapshot: only the truncation of the
            // drained, no longer current slots does this. A slot is a candidate once it holds more than
            // 1 MiB (slot_candidates.sql); the batch may straddle a rotation and leave a small remainder in
            // the other slot, which stays for VACUUM, so the outcome is: no slot above the threshold, and
            // most of the pages gone. Run the step directly as well as on its 1 s tick: on a loaded machine
            // a busy claim can make one attempt's short lock timeout expire, and the next attempt succeeds.
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                sluice.maintenance().truncateDrainedSlots("jobs");
                return largestSlotPages() <= THRESHOLD_PAGES;
            });
            assertThat(storedPages()).isLessThan(before / 2);
            holder.rollback();
        }
    }

    @Test
    void slotWithPendingMessagesIsNeverTruncated() throws Exception {
        sluice.queues().create("jobs", new QueueOptions(2, Duration.ofSeconds(1)));
        sluice.enqueueBatch("jobs", List.of(Message.json("{}"), Message.json("{}")));
        long slot = queryLong("SELECT slot FROM " + schema + ".q_jobs LIMIT 1");
        // Once the slot they went to is no longer current it is a truncation candidate; it must be skipped.
        await().atMost(Duration.ofSeconds(5)).until(() -> queryLong("SELECT " + schema + ".slot_at(clock_timestamp(), 1, 2)") != slot);
        sluice.maintenance().truncateDrainedSlots("jobs");
        assertThat(sluice.queues().stats("jobs").depth()).isEqualTo(2);
    }
}
