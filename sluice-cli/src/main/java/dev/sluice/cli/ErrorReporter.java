package dev.sluice.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Turns a failure into one clear line on stderr and exit code 1; the stack trace only with --verbose. */
final class ErrorReporter implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
        cli.getErr().println("sluice: " + message(e));
        boolean verbose = false;
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            verbose |= p.hasMatchedOption("--verbose");
        }
        if (verbose) {
            e.printStackTrace(cli.getErr());
        }
        return 1;
    }

    static String message(Throwable e) {
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        String text = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        if (text.contains("Connection to") && text.contains("refused")) {
            text += " (is PostgreSQL running, and is --jdbc-url right?)";
        }
        return text;
    }
}
