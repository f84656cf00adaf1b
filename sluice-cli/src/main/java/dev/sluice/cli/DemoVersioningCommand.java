package dev.sluice.cli;

import dev.sluice.examples.versioning.VersioningDemo;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code sluice demo versioning}: the polling-to-event-driven rewrite, old and new pipelines measured side by side. */
@Command(name = "versioning", mixinStandardHelpOptions = true,
        header = "The versioning write-up: old and new pipelines measured side by side.",
        description = {"The product versioning pipeline of the 70x write-up: old (cron, scan, one call per record) and new (trigger capture, batches of 150, SKIP LOCKED) on the same changes, printed as the write-up's table and one JSON line.",
            "Options: [--jdbc-url URL] [--products 1000000] [--changes 10000] [--scaling] [--workers 8] [--batch 150] [--old-time-limit SECONDS] [--cron-interval 2s] [--schema versioning] (see VersioningDemo.Options)"})
final class DemoVersioningCommand implements Callable<Integer> {
    @Unmatched
    List<String> args;

    @Override
    public Integer call() throws Exception {
        VersioningDemo.run(VersioningDemo.Options.parse(args == null ? new String[0] : args.toArray(String[]::new)), System.out);
        return 0;
    }
}
