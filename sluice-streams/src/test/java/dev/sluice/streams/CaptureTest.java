package dev.sluice.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaptureTest extends StreamsTestSupport {

    @Test
    void tableChangesBecomeEventsWithOldAndNewRowsInTheWritersTransaction() throws Exception {
        streams.create("order_changes", StreamOptions.DEFAULTS);
        execute("CREATE TABLE " + schema + ".orders (id int PRIMARY KEY, status text NOT NULL)");
        streams.capture(StreamCapture.table(schema + ".orders").key("id").onInsert().onUpdate("NEW.status IS DISTINCT FROM OLD.status")
                .onDelete().withOldRow().withNewRow().into("order_changes"));
        execute("INSERT INTO " + schema + ".orders VALUES (1, 'new')");
        execute("UPDATE " + schema + ".orders SET status = 'new' WHERE id = 1"); // no change: filtered by the condition
        execute("UPDATE " + schema + ".orders SET status = 'paid' WHERE id = 1");
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.createStatement().execute("INSERT INTO " + schema + ".orders VALUES (2, 'phantom')");
            c.rollback();
        }
        execute("DELETE FROM " + schema + ".orders WHERE id = 1");

        streams.subscriptions().create("order_changes", "audit", StartFrom.earliest());
        List<StreamEvent> got = new ArrayList<>();
        streams.poll("order_changes", "audit", 100, b -> got.addAll(b.events()));
        assertThat(got).extracting(StreamEvent::key).containsExactly("1", "1", "1");
        List<JsonNode> p = got.stream().map(StreamEvent::tree).toList();
        assertThat(p).extracting(n -> n.get("op").asText()).containsExactly("INSERT", "UPDATE", "DELETE");
        assertThat(p.get(0).get("new").get("status").asText()).isEqualTo("new");
        assertThat(p.get(0).has("old")).isFalse();
        assertThat(p.get(1).get("old").get("status").asText()).isEqualTo("new");
        assertThat(p.get(1).get("new").get("status").asText()).isEqualTo("paid");
        assertThat(p.get(2).get("old").get("status").asText()).isEqualTo("paid");
        assertThat(p.get(2).has("new")).isFalse();
        assertThat(p.get(2).get("table").asText()).isEqualTo("orders");

        streams.uncapture(StreamCapture.table(schema + ".orders").into("order_changes"));
        execute("INSERT INTO " + schema + ".orders VALUES (3, 'after')");
        assertThat(streams.stats("order_changes").events()).isEqualTo(3);
    }

    @Test
    void aCaptureWithoutKeyStreamOrTableIsRefused() throws Exception {
        streams.create("c", StreamOptions.DEFAULTS);
        assertThatThrownBy(() -> streams.capture(StreamCapture.table("nosuch").key("id").onInsert().into("c")))
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> streams.capture(StreamCapture.table("x").onInsert().into("c"))).hasMessageContaining("has no key");
        assertThatThrownBy(() -> streams.capture(StreamCapture.table("x").key("id").into("c"))).hasMessageContaining("captures nothing");
        assertThatThrownBy(() -> streams.capture(StreamCapture.table("x").key("id").onInsert().into("missing")))
                .isInstanceOf(UnknownStreamException.class);
    }
}
