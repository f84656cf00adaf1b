package dev.sluice.cli;

import picocli.CommandLine;

/** Entry point of the {@code sluice} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * A wrong option or argument: the error, picocli's suggestions for a misspelt option if any,
     * then the usage of the command it was given to; exit code 2.
     */
    static int wrongUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        java.io.PrintWriter err = cli.getErr();
        err.println("sluice: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println();
        cli.usage(err);
        return cli.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** The configured command line, also used by tests to run commands in-process. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new SluiceCommand());
        cli.setExecutionExceptionHandler(new ErrorReporter());
        cli.setParameterExceptionHandler(Main::wrongUsage);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }
}
