package dev.sluice.cli;

import dev.sluice.Sluice;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Pauses a queue: workers stop claiming, enqueue continues. */
@Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause a queue: workers stop claiming; enqueue still works.")
final class PauseCommand implements Callable<Integer> {
    @Mixin
    DatabaseOptions db;

    @Parameters(index = "0", description = "Queue name.")
    String queue;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (Sluice sluice = db.start(true)) {
            sluice.queues().pause(queue);
            spec.commandLine().getOut().println("paused " + queue);
        }
        return 0;
    }
}
