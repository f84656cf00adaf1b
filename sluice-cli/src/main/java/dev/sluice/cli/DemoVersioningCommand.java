package dev.sluice.cli;

import dev.sluice.examples.versioning.DemoOptions;
import dev.sluice.examples.versioning.VersioningDemo;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code sluice demo versioning}: the polling-to-event-driven rewrite, old and new pipelines measured side by side. */
@Command(name = "versioning", mixinStandardHelpOptions = true,
        header = "The versioning write-up: old and new pipelines measured side by side.",
        description = {"The product versioning pipeline of the 70x write-up: old (cron, scan, one call per record) and new (trigger capture, batches of 150, SKIP LOCKED) on the same changes, printed as the write-up's table, a table of speedups by network RTT and one JSON line.",
            "The Product, User and Versioning services, the workers and the cron job run as separate JVMs (--in-process: all in this one); every HTTP and PostgreSQL round trip crosses a relay that delays it by --network-rtt.",
            "With no options it runs the issue's targets in one command: 1,000,000 products, 10,000 changes (2,000 for the old pipeline), RTT 0, 0.2, 0.5 and 1 ms (the headline at 0.5 ms), then the scaling runs on 100,000 and 5,000,000 products; it prints where the new pipeline's time goes and checks the end state after every run.",
            "Options: [--jdbc-url URL] [--products 1000000] [--changes 10000] [--old-changes 2000] [--scaling | --no-scaling] [--workers 8] [--batch 150] [--old-time-limit SECONDS] [--schema versioning] [--network-rtt 0,0.2ms,0.5ms,1ms] [--in-process] (see DemoOptions)"})
final class DemoVersioningCommand implements Callable<Integer> {
    @Unmatched
    List<String> args;

    @Override
    public Integer call() throws Exception {
        VersioningDemo.run(DemoOptions.parse(args == null ? new String[0] : args.toArray(String[]::new)), System.out);
        return 0;
    }
}
