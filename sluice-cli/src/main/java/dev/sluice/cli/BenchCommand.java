package dev.sluice.cli;

import dev.sluice.bench.QueueBenchOptions;
import dev.sluice.bench.QueueBenchmark;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Benchmarks; each ends with one JSON line. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks; progress on stderr, one JSON line of figures on stdout.",
        subcommands = BenchCommand.Queue.class)
final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code sluice bench queue}. */
    @Command(name = "queue", mixinStandardHelpOptions = true,
            description = {"Queue throughput, latency, held-snapshot and scaling benchmark (embedded PostgreSQL with durable commits unless --jdbc-url).",
                "Options: --jdbc-url URL --jobs N (1000000) --workers W (4) --batch B (150) --rate R (1000) --latency 10s",
                "         --hold-snapshot 300s --held-rate 20000 --processes 1,2,4,8 --scaling-jobs N",
                "         --mode all|enqueue|burn|latency|snapshot|scaling[,...]   --phases enqueue,burn,baseline,latency,snapshot,scaling",
                "Example: sluice bench queue --jobs 1000000 --workers 4 --batch 150"})
    static final class Queue implements Callable<Integer> {
        @Unmatched
        List<String> args;

        @Override
        public Integer call() throws Exception {
            QueueBenchmark.run(QueueBenchOptions.parse(args == null ? new String[0] : args.toArray(String[]::new)), System.out);
            return 0;
        }
    }
}
