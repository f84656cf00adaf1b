package dev.sluice.embedded;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where a benchmark or the demo runs: the user's PostgreSQL when a JDBC URL is given, otherwise an
 * embedded PostgreSQL 17 started for the run with durable commits ({@code fsync} and
 * {@code synchronous_commit} on), so that figures are never taken on the test settings. Closing
 * stops the embedded server; a user's database is left alone.
 */
public final class DurableTarget implements AutoCloseable {

    private final String jdbcUrl;
    private final EmbeddedDatabase embedded;

    private DurableTarget(String jdbcUrl, EmbeddedDatabase embedded) {
        this.jdbcUrl = jdbcUrl;
        this.embedded = embedded;
    }

    /** {@code jdbcUrl} if it is set, else a new embedded server (announced through {@code say}). */
    public static DurableTarget of(String jdbcUrl, Consumer<String> say) {
        if (jdbcUrl != null && !jdbcUrl.isBlank()) {
            return new DurableTarget(jdbcUrl, null);
        }
        say.accept("Starting embedded PostgreSQL 17 with durable commits (fsync=on, synchronous_commit=on)...");
        EmbeddedDatabase db = EmbeddedDatabase.start(EmbeddedDatabase.Durability.DURABLE);
        return new DurableTarget(db.jdbcUrl(), db);
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The embedded server, when one was started. */
    public Optional<EmbeddedDatabase> embedded() {
        return Optional.ofNullable(embedded);
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
