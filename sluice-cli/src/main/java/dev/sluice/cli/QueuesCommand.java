package dev.sluice.cli;

import dev.sluice.Sluice;
import dev.sluice.queue.PayloadCodec;
import dev.sluice.queue.QueueOptions;
import dev.sluice.queue.QueueStats;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Lists queues with their statistics; {@code queues create} creates one. */
@Command(name = "queues", mixinStandardHelpOptions = true, subcommands = QueuesCommand.Create.class,
        description = "List queues: depth, ready, oldest ready age, processed, failed, dead letters.")
final class QueuesCommand implements Callable<Integer> {

    @Mixin
    DatabaseOptions db;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (Sluice sluice = db.start(true)) {
            List<QueueStats> stats = sluice.queues().allStats();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(PayloadCodec.mapper().writeValueAsString(stats));
                return 0;
            }
            out.printf("%-24s %7s %10s %10s %12s %10s %8s %6s%n", "QUEUE", "STATE", "DEPTH", "READY", "OLDEST(s)", "PROCESSED", "FAILED", "DEAD");
            for (QueueStats s : stats) {
                out.printf("%-24s %7s %10d %10d %12.1f %10d %8d %6d%n", s.queue(), s.paused() ? "paused" : "active", s.depth(), s.ready(),
                        s.oldestReadySeconds(), s.processed(), s.failed(), s.deadLetters());
            }
            if (stats.isEmpty()) {
                out.println("(no queues; create one with: sluice queues create NAME)");
            }
        }
        return 0;
    }

    /** {@code sluice queues create NAME}. */
    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a queue (no-op if it exists).")
    static final class Create implements Callable<Integer> {
        @Mixin
        DatabaseOptions db;

        @Parameters(index = "0", description = "Queue name: lower-case letters, digits, underscores.")
        String name;

        @Option(names = "--slots", defaultValue = "4", description = "Rotating partitions (default: ${DEFAULT-VALUE}).")
        int slots;

        @Option(names = "--rotation-seconds", defaultValue = "5", description = "Seconds each slot takes new messages (default: ${DEFAULT-VALUE}).")
        int rotationSeconds;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Sluice sluice = db.start(true)) {
                boolean created = sluice.queues().create(name, new QueueOptions(slots, Duration.ofSeconds(rotationSeconds)));
                spec.commandLine().getOut().println(created ? "created queue " + name : "queue " + name + " already exists");
            }
            return 0;
        }
    }
}
