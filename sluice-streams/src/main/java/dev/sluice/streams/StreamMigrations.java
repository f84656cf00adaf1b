package dev.sluice.streams;

import dev.sluice.schema.Migration;
import dev.sluice.schema.Migrator;
import dev.sluice.schema.SqlTemplate;
import java.util.List;

/** The numbered migrations of the streams catalogue (component {@code streams}), shipped in the jar. */
public final class StreamMigrations {

    private StreamMigrations() {
    }

    public static Migrator migrator() {
        return new Migrator("streams", List.of(
                new Migration(1, "streams, subscriptions", SqlTemplate.load(StreamMigrations.class, "migrations/V001__streams.sql"))));
    }
}
