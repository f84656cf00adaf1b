package dev.sluice.cli;

import dev.sluice.leaderboard.Leaderboards;
import dev.sluice.schema.CoreMigrations;
import dev.sluice.schema.Migrator;
import dev.sluice.streams.StreamMigrations;
import dev.sluice.tracing.SluiceTracing;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Applies or prints the schema migrations. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        header = "Apply the schema migrations, or print their SQL.",
        description = "Apply pending migrations of the core, the leaderboard, streams and tracing (safe to run from several processes at once), or print their SQL with --print for your own migration tool.")
final class MigrateCommand implements Callable<Integer> {

    @Mixin
    DatabaseOptions db;

    @Option(names = "--print", description = "Print the SQL of every migration for your own migration tool, and change nothing.")
    boolean print;

    @Spec
    CommandSpec spec;

    /** Every component's migrator, in dependency order. */
    static List<Migrator> migrators() {
        return List.of(CoreMigrations.migrator(), Leaderboards.migrator(), StreamMigrations.migrator(), SluiceTracing.migrator());
    }

    @Override
    public Integer call() {
        if (print) {
            for (Migrator m : migrators()) {
                spec.commandLine().getOut().println(m.script(db.schema));
            }
            return 0;
        }
        try (var sluice = db.start(false)) {
            for (Migrator m : migrators()) {
                int applied = m.migrate(sluice.dataSource(), db.schema);
                spec.commandLine().getOut().printf("%s: %d migration(s) applied, now at version %d%n",
                        m.component(), applied, m.currentVersion(sluice.dataSource(), db.schema));
            }
        }
        return 0;
    }
}
