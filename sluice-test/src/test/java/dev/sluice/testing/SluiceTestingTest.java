package dev.sluice.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.Sluice;
import dev.sluice.embedded.TestDatabase;
import dev.sluice.queue.Message;
import dev.sluice.queue.PendingMessage;
import dev.sluice.queue.ReceivedMessage;
import java.time.Instant;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The helpers, used as an application's tests would use them; also the runnable example of the README. */
class SluiceTestingTest {

    @RegisterExtension
    static SluiceExtension extension = SluiceExtension.create().queues("emails");

    static final List<String> SCHEMAS = new ArrayList<>();

    /** The code under test: an account and its welcome email, in one transaction. */
    static void signUp(Sluice sluice, DataSource ds, String email) throws SQLException {
        String schema = "\"" + sluice.config().schema() + "\"";
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + schema + ".accounts (email text PRIMARY KEY)");
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + schema + ".accounts VALUES (?)")) {
                ps.setString(1, email);
                ps.executeUpdate();
            }
            sluice.enqueue(c, "emails", Message.builder().payload(Map.of("to", email)).idempotencyKey("welcome:" + email).build());
            c.commit();
        }
    }

    private static boolean to(PendingMessage m, String email) {
        return m.payloadTree().path("to").asText().equals(email);
    }

    @Test
    void assertEnqueuedFindsWhatTheCodeEnqueuedWithoutItsHandler(Sluice sluice, SluiceTesting testing, DataSource ds) throws Exception {
        SCHEMAS.add(sluice.config().schema());
        signUp(sluice, ds, "ada@example.com");
        signUp(sluice, ds, "grace@example.com");

        PendingMessage ada = testing.assertEnqueued("emails", m -> to(m, "ada@example.com"));

        assertThat(ada.idempotencyKey()).isEqualTo("welcome:ada@example.com");
        assertThat(ada.ready()).isTrue();
        assertThat(sluice.queues().stats("emails").ready()).as("read-only: both still ready").isEqualTo(2);
        assertThat(testing.assertEnqueued("emails", Email.class, e -> e.to().equals("grace@example.com")).to())
                .isEqualTo("grace@example.com");
        // A delayed message is enqueued too: it waits in the scheduled table and is seen there.
        sluice.enqueue("emails", Message.builder().payload(Map.of("to", "later@example.com")).runAt(Instant.now().plusSeconds(3600)).build());
        assertThat(testing.assertEnqueued("emails", m -> to(m, "later@example.com")).ready()).isFalse();
        assertThat(testing.enqueued("emails")).hasSize(3);
        // And the real handler still gets everything that was asserted.
        assertThat(testing.drain("emails", batch -> { })).isEqualTo(2);
        testing.assertNotEnqueued("emails", m -> to(m, "ada@example.com"));
    }

    /** A payload type, as an application's own. */
    record Email(String to) {
    }

    @Test
    void assertEnqueuedFailsListingWhatWasThere(Sluice sluice, SluiceTesting testing, DataSource ds) throws Exception {
        SCHEMAS.add(sluice.config().schema());
        signUp(sluice, ds, "ada@example.com");

        assertThatThrownBy(() -> testing.assertEnqueued("emails", m -> to(m, "alan@example.com")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("found 0 among 1")
                .hasMessageContaining("ada@example.com");
        // Nothing was taken by the failed assertion.
        testing.assertEnqueued("emails", m -> to(m, "ada@example.com"));
        testing.assertNotEnqueued("emails", m -> to(m, "alan@example.com"));
        signUp(sluice, ds, "alan@example.com");
        assertThatThrownBy(() -> testing.assertNotEnqueued("emails", m -> to(m, "alan@example.com")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("Expected no message").hasMessageContaining("alan@example.com");
    }

    @Test
    void anIdempotencyKeyCheckChangesNothing(Sluice sluice, SluiceTesting testing, DataSource ds) throws Exception {
        SCHEMAS.add(sluice.config().schema());
        signUp(sluice, ds, "ada@example.com");

        testing.assertEnqueuedWithKey("emails", "welcome:ada@example.com");
        assertThat(testing.isEnqueuedWithKey("emails", "welcome:alan@example.com")).isFalse();
        assertThatThrownBy(() -> testing.assertEnqueuedWithKey("emails", "welcome:alan@example.com"))
                .hasMessageContaining("No message with idempotency key \"welcome:alan@example.com\"");
        // The probes were rolled back: still the one message, and the unused key is still free.
        assertThat(sluice.queues().stats("emails").depth()).isEqualTo(1);
        assertThat(testing.isEnqueuedWithKey("emails", "welcome:alan@example.com")).isFalse();
    }

    @Test
    void drainRunsTheRealHandlerUntilTheQueueIsEmpty(Sluice sluice, SluiceTesting testing, DataSource ds) throws Exception {
        SCHEMAS.add(sluice.config().schema());
        String sent = "\"" + sluice.config().schema() + "\".sent";
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + sent + " (address text NOT NULL)");
        }
        sluice.enqueueBatch("emails", IntStream.range(0, 400).mapToObj(i -> Message.of(Map.of("to", "user" + i + "@example.com"))).toList());

        int handled = testing.drain("emails", batch -> {
            try (PreparedStatement ps = batch.connection().prepareStatement("INSERT INTO " + sent + " VALUES (?)")) {
                for (ReceivedMessage m : batch.messages()) {
                    ps.setString(1, m.payloadTree().path("to").asText());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        });

        assertThat(handled).isEqualTo(400);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(DISTINCT address) FROM " + sent)) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(400);
        }
        assertThat(sluice.queues().stats("emails").depth()).isZero();
    }

    @Test
    void drainRethrowsTheHandlersFailure(Sluice sluice, SluiceTesting testing) {
        SCHEMAS.add(sluice.config().schema());
        sluice.enqueue("emails", Message.of(Map.of("to", "poison")));

        assertThatThrownBy(() -> testing.drain("emails", batch -> {
            throw new IllegalStateException("SMTP refused " + batch.messages().get(0).payloadJson());
        })).isInstanceOf(AssertionError.class)
                .hasMessageContaining("The handler of queue \"emails\" failed while draining")
                .rootCause().isInstanceOf(IllegalStateException.class).hasMessageContaining("SMTP refused").hasMessageContaining("poison");
    }

    /** Each test had a schema of its own, and none is left behind. */
    @AfterAll
    static void everySchemaWasCleanAndIsGone() throws SQLException {
        assertThat(SCHEMAS).doesNotHaveDuplicates().hasSize(5);
        try (var ds = TestDatabase.dataSource(1); Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_namespace WHERE nspname = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("text", SCHEMAS.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
        }
    }
}
