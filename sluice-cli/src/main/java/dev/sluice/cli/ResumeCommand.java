package dev.sluice.cli;

import dev.sluice.Sluice;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Resumes a paused queue. */
@Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused queue.")
final class ResumeCommand implements Callable<Integer> {
    @Mixin
    DatabaseOptions db;

    @Parameters(index = "0", description = "Queue name.")
    String queue;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (Sluice sluice = db.start(true)) {
            sluice.queues().resume(queue);
            spec.commandLine().getOut().println("resumed " + queue);
        }
        return 0;
    }
}
