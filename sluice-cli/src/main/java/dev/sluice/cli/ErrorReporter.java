package dev.sluice.cli;

import dev.sluice.queue.UnknownQueueException;
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
        if (e instanceof UnknownQueueException unknown) {
            // The core's message names the Java call; from the command line, name the command.
            return "Queue \"" + unknown.queue() + "\" does not exist. Create it with: sluice queues create " + unknown.queue()
                    + " (with the same --jdbc-url and --schema), or list the queues with: sluice queues";
        }
        if (e instanceof dev.sluice.streams.UnknownStreamException unknown) {
            return "Stream \"" + unknown.stream() + "\" does not exist. Create it with: sluice streams create " + unknown.stream()
                    + " (with the same --jdbc-url and --schema), or list the streams with: sluice streams";
        }
        if (e instanceof dev.sluice.streams.UnknownSubscriptionException unknown) {
            return "Subscription \"" + unknown.subscription() + "\" of stream \"" + unknown.stream() + "\" does not exist. Create it with: sluice streams subscribe "
                    + unknown.stream() + " " + unknown.subscription() + ", or list them with: sluice streams stats " + unknown.stream();
        }
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        String text = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        if (text.startsWith("Failed to initialize pool: ")) {
            text = "Cannot connect to PostgreSQL: " + text.substring("Failed to initialize pool: ".length());
        }
        // The driver's top message can be vague ("The connection attempt failed."): add the root cause.
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != t && root.getMessage() != null && !text.contains(root.getMessage())) {
            text += " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        if (text.contains("Connection to") && text.contains("refused")) {
            text += " (is PostgreSQL running, and is --jdbc-url right?)";
        }
        return text.strip().replace('\n', ' ');
    }
}
