package dev.sluice.schema;

import java.util.List;

/** The numbered migrations of Sluice's core tables, shipped in the jar. */
public final class CoreMigrations {

    private CoreMigrations() {
    }

    /** The migrator for component {@code core}. */
    public static Migrator migrator() {
        return new Migrator("core", List.of(
                new Migration(1, "queues, idempotency keys, dead letters", SqlTemplate.load(CoreMigrations.class, "migrations/V001__queues.sql")),
                new Migration(2, "recurring schedules", SqlTemplate.load(CoreMigrations.class, "migrations/V002__schedules.sql"))));
    }
}
