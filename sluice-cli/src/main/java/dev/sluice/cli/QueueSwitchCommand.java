package dev.sluice.cli;

import dev.sluice.Sluice;
import dev.sluice.queue.QueueAdmin;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pause} and {@code resume}: one queue's claiming switched off or on. */
abstract class QueueSwitchCommand implements Callable<Integer> {
    @Mixin
    DatabaseOptions db;

    @Parameters(index = "0", description = "Queue name.")
    String queue;

    @Spec
    CommandSpec spec;

    private final BiConsumer<QueueAdmin, String> change;
    private final String done;

    QueueSwitchCommand(BiConsumer<QueueAdmin, String> change, String done) {
        this.change = change;
        this.done = done;
    }

    @Override
    public Integer call() {
        try (Sluice sluice = db.startExisting()) {
            change.accept(sluice.queues(), queue);
            spec.commandLine().getOut().println(done + " " + queue);
        }
        return 0;
    }

    /** Pauses a queue: workers stop claiming, enqueue continues. */
    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause a queue: workers stop claiming; enqueue still works.")
    static final class Pause extends QueueSwitchCommand {
        Pause() {
            super(QueueAdmin::pause, "paused");
        }
    }

    /** Resumes a paused queue. */
    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused queue.")
    static final class Resume extends QueueSwitchCommand {
        Resume() {
            super(QueueAdmin::resume, "resumed");
        }
    }
}
