package dev.sluice.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root command: prints the usage; the work is in the subcommands. */
@Command(name = "sluice", mixinStandardHelpOptions = true, versionProvider = SluiceCommand.Version.class,
        description = "PostgreSQL-native event pipeline: queues, workers, dead letters, the service, benchmarks and the demo.",
        subcommands = {DemoCommand.class, ServeCommand.class, MigrateCommand.class, QueuesCommand.class, SchedulesCommand.class, StreamsCommand.class, DlqCommand.class,
                QueueSwitchCommand.Pause.class, QueueSwitchCommand.Resume.class, BenchCommand.class, HelpCommand.class})
final class SluiceCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The version from the jar's manifest, or the development version when run from classes. */
    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = SluiceCommand.class.getPackage().getImplementationVersion();
            return new String[] {"sluice " + (v == null ? "0.1.0-SNAPSHOT" : v),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
