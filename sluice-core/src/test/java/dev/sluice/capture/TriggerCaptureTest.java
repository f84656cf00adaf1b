package dev.sluice.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sluice.SluiceException;
import dev.sluice.SluiceTestSupport;
import dev.sluice.queue.ReceivedMessage;
import dev.sluice.queue.UnknownQueueException;
import dev.sluice.schema.InvalidIdentifierException;
import dev.sluice.worker.WorkerOptions;
import java.sql.Connection;
import java.util.ArrayList;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TriggerCaptureTest extends SluiceTestSupport {

    private String products;

    @BeforeEach
    void setUp() throws Exception {
        products = schema + ".products";
        execute("CREATE TABLE " + products + " (id bigint PRIMARY KEY, name text, price numeric, eligible boolean NOT NULL DEFAULT true)");
        sluice.queues().create("versioning");
        sluice.capture(CaptureSpec.table(products).key("id").columns("name", "price")
                .onInsert("NEW.eligible")
                .onUpdate("NEW.eligible AND (NEW.name, NEW.price) IS DISTINCT FROM (OLD.name, OLD.price)")
                .into("versioning"));
    }

    private long pending() throws Exception {
        return queryLong("SELECT count(*) FROM " + schema + ".q_versioning");
    }

    @Test
    void capturesMatchingChangesInTheWritersTransactionOnly() throws Exception {
        execute("INSERT INTO " + products + " VALUES (1, 'lamp', 10, true), (2, 'desk', 20, false)");
        assertThat(pending()).as("only the eligible insert").isEqualTo(1);
        execute("UPDATE " + products + " SET eligible = eligible WHERE id = 1");
        assertThat(pending()).as("no relevant change, still one pending").isEqualTo(1);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.createStatement().execute("INSERT INTO " + products + " VALUES (3, 'chair', 5, true)");
            c.rollback();
        }
        assertThat(pending()).as("rolled back writes capture nothing").isEqualTo(1);
    }

    @Test
    void rowChangedManyTimesWhilePendingIsQueuedOnceWithItsLatestData() throws Exception {
        execute("INSERT INTO " + products + " VALUES (1, 'lamp', 10, true)");
        for (int price = 11; price <= 20; price++) {
            execute("UPDATE " + products + " SET price = " + price + " WHERE id = 1");
        }
        assertThat(pending()).isEqualTo(1);
        List<ReceivedMessage> seen = new CopyOnWriteArrayList<>();
        sluice.startWorkers("versioning", batch -> seen.addAll(batch.messages()));
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 1);
        ReceivedMessage m = seen.get(0);
        assertThat(m.dedupeKey()).isEqualTo("products:1");
        assertThat(m.payloadTree().path("key").asLong()).isEqualTo(1);
        assertThat(m.payloadTree().path("row").path("price").asInt()).isEqualTo(20);
        assertThat(m.payloadTree().path("op").asText()).as("the latest change").isEqualTo("UPDATE");
    }

    @Test
    void changeWhileThePreviousOneIsInFlightGetsItsOwnMessage() throws Exception {
        execute("INSERT INTO " + products + " VALUES (7, 'lamp', 10, true)");
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> prices = new CopyOnWriteArrayList<>();
        sluice.startWorkers("versioning", WorkerOptions.builder().concurrency(2).build(), batch -> {
            for (ReceivedMessage m : batch.messages()) {
                prices.add(m.payloadTree().path("row").path("price").asInt());
            }
            if (prices.size() == 1) {
                inHandler.countDown();
                assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
            }
        });
        assertThat(inHandler.await(10, TimeUnit.SECONDS)).isTrue();
        // The writer is not blocked by the in-flight message and its change is not folded into it.
        execute("UPDATE " + products + " SET price = 99 WHERE id = 7");
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> prices.size() == 2);
        assertThat(prices).containsExactly(10, 99);
    }

    @Test
    void oneStatementChangingManyRowsCapturesEachMatchingRowOnceWithoutConditionsToo() throws Exception {
        execute("INSERT INTO " + products + " SELECT g, 'p' || g, g, g % 2 = 0 FROM generate_series(1, 1000) g");
        assertThat(pending()).as("the 500 eligible inserts, from one statement").isEqualTo(500);
        execute("UPDATE " + products + " SET price = price + 1 WHERE id <= 100");
        assertThat(pending()).as("their pending messages take the update; the ineligible get none").isEqualTo(500);
        assertThat(queryLong("SELECT count(*) FROM " + schema + ".q_versioning WHERE payload->'row'->>'price' = (payload->>'key')::int + 1 || ''"))
                .isEqualTo(50);
        execute("UPDATE " + products + " SET id = id + 10000 WHERE id = 2");
        assertThat(queryLong("SELECT count(*) FROM " + schema + ".q_versioning WHERE dedupe_key = 'products:10002'"))
                .as("a changed key cannot be matched to its old row: captured rather than lost").isEqualTo(1);

        execute("CREATE TABLE " + schema + ".tags (a int, b text, note text, PRIMARY KEY (a, b))");
        sluice.queues().create("tags");
        sluice.capture(CaptureSpec.table(schema + ".tags").key("a", "b").onInsert().onUpdate().onDelete().into("tags"));
        execute("INSERT INTO " + schema + ".tags SELECT g, 'x', 'n' FROM generate_series(1, 300) g");
        execute("DELETE FROM " + schema + ".tags WHERE a > 200");
        assertThat(queryLong("SELECT count(*) FROM " + schema + ".q_tags")).isEqualTo(300);
        assertThat(queryLong("SELECT count(*) FROM " + schema + ".q_tags WHERE payload->>'op' = 'DELETE' AND payload->'key' = jsonb_build_array(250, 'x')"))
                .as("the delete replaced the pending insert's payload").isEqualTo(1);
    }

    @Test
    void aStatementThatCapturesNothingWakesNoWorker() throws Exception {
        String channel = schema + ".versioning";
        try (Connection listener = dataSource.getConnection()) {
            listener.createStatement().execute("LISTEN \"" + channel + "\"");
            execute("INSERT INTO " + products + " VALUES (1, 'lamp', 10, true)");
            execute("UPDATE " + products + " SET eligible = eligible WHERE id = 1"); // passes no condition: captures nothing
            execute("NOTIFY \"" + channel + "\", 'marker'"); // delivered after both, in commit order
            List<String> payloads = new ArrayList<>();
            PGConnection pg = listener.unwrap(PGConnection.class);
            while (!payloads.contains("marker")) {
                PGNotification[] got = pg.getNotifications(10_000);
                assertThat(got).as("notifications within 10 s").isNotEmpty();
                for (PGNotification n : got) {
                    payloads.add(n.getParameter());
                }
            }
            assertThat(payloads).as("one wake-up for the captured insert, none for the update that captured nothing")
                    .containsExactly("", "marker");
        }
        assertThat(pending()).isEqualTo(1);
    }

    @Test
    void badSpecsAreRefusedClearly() {
        assertThatThrownBy(() -> CaptureSpec.table("products; drop table x")).isInstanceOf(InvalidIdentifierException.class);
        assertThatThrownBy(() -> sluice.capture(CaptureSpec.table(products).key("id").onInsert().into("missing")))
                .isInstanceOf(UnknownQueueException.class);
        assertThatThrownBy(() -> sluice.capture(CaptureSpec.table(schema + ".nope").key("id").onInsert().into("versioning")))
                .isInstanceOf(SluiceException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> sluice.capture(CaptureSpec.table(products).onInsert().into("versioning")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no key");
    }

    @Test
    void uninstallStopsCapturing() throws Exception {
        sluice.captures().uninstall(CaptureSpec.table(products).key("id").into("versioning"));
        execute("INSERT INTO " + products + " VALUES (1, 'lamp', 10, true)");
        assertThat(pending()).isZero();
    }
}
