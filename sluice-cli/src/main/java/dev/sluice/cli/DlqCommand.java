package dev.sluice.cli;

import dev.sluice.Sluice;
import dev.sluice.deadletter.DeadLetter;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Dead letters: list and re-drive. */
@Command(name = "dlq", mixinStandardHelpOptions = true, description = "Dead letters: list and re-drive.",
        subcommands = {DlqCommand.ListLetters.class, DlqCommand.Redrive.class})
final class DlqCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code sluice dlq list QUEUE}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List a queue's dead letters, oldest id first.")
    static final class ListLetters implements Callable<Integer> {
        @Mixin
        DatabaseOptions db;

        @Parameters(index = "0", description = "Queue name.")
        String queue;

        @Option(names = "--limit", defaultValue = "100", description = "At most this many (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--after", defaultValue = "0", description = "Only ids greater than this, for paging.")
        long after;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Sluice sluice = db.startExisting()) {
                sluice.queues().requireExists(queue);
                List<DeadLetter> letters = sluice.deadLetters().list(queue, after, limit);
                PrintWriter out = spec.commandLine().getOut();
                out.printf("%-12s %8s %-24s %s%n", "ID", "ATTEMPTS", "FAILED AT", "LAST ERROR");
                for (DeadLetter d : letters) {
                    String error = d.lastError() == null ? "" : d.lastError().lines().findFirst().orElse("");
                    out.printf("%-12d %8d %-24s %s%n", d.id(), d.attempts(), d.failedAt(), error);
                }
                out.println(letters.size() + " dead letter(s)");
            }
            return 0;
        }
    }

    /** {@code sluice dlq redrive QUEUE [IDS...] | --all}. */
    @Command(name = "redrive", mixinStandardHelpOptions = true, description = "Put dead letters back into their queue, attempts reset.")
    static final class Redrive implements Callable<Integer> {
        @Mixin
        DatabaseOptions db;

        @Parameters(index = "0", description = "Queue name.")
        String queue;

        @Parameters(index = "1..*", arity = "0..*", description = "Dead letter ids.")
        List<Long> ids;

        @Option(names = "--all", description = "Re-drive every dead letter of the queue.")
        boolean all;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (!all && (ids == null || ids.isEmpty())) {
                throw new IllegalArgumentException("Give dead letter ids, or --all.");
            }
            try (Sluice sluice = db.startExisting()) {
                sluice.queues().requireExists(queue);
                List<Long> moved = all ? sluice.deadLetters().redriveAll(queue) : sluice.deadLetters().redrive(queue, ids);
                spec.commandLine().getOut().println("re-drove " + moved.size() + " dead letter(s) into " + queue + ": " + moved);
            }
            return 0;
        }
    }
}
