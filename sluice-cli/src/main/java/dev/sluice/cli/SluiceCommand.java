package dev.sluice.cli;

import picocli.CommandLine.Command;

/** The root command. */
@Command(name = "sluice", mixinStandardHelpOptions = true, version = "sluice 0.1.0",
        description = "PostgreSQL-native event pipeline: queues, workers, dead letters, benchmarks and the demo.",
        subcommands = {DemoCommand.class, MigrateCommand.class, QueuesCommand.class, DlqCommand.class,
                PauseCommand.class, ResumeCommand.class, BenchCommand.class, picocli.CommandLine.HelpCommand.class})
final class SluiceCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
