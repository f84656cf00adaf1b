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
                new Migration(2, "delivery records of batches not yet seen to commit",
                        SqlTemplate.load(CoreMigrations.class, "migrations/V002__deliveries.sql")),
                new Migration(3, "queues created before the ready stream / scheduled split converted in place",
                        SqlTemplate.load(CoreMigrations.class, "migrations/V003__ready_stream.sql")),
                new Migration(4, "recurring schedules", SqlTemplate.load(CoreMigrations.class, "migrations/V004__schedules.sql")),
                new Migration(5, "global limits per queue: concurrent batches and rate",
                        SqlTemplate.load(CoreMigrations.class, "migrations/V005__queue_limits.sql")),
                new Migration(6, "leased deliveries", SqlTemplate.load(CoreMigrations.class, "migrations/V006__leases.sql")),
                new Migration(7, "deliveries that never committed, recorded when claimed again",
                        SqlTemplate.load(CoreMigrations.class, "migrations/V007__aborted_deliveries.sql")),
                new Migration(8, "global limits for leased consumers: lease claims hold concurrency slots",
                        SqlTemplate.load(CoreMigrations.class, "migrations/V008__lease_limits.sql")),
                new Migration(9, "wake-ups of Sluice's own enqueues sent after their commit",
                        SqlTemplate.load(CoreMigrations.class, "migrations/V009__notify_after_commit.sql"))));
    }
}
