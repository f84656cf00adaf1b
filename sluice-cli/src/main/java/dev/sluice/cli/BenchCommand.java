package dev.sluice.cli;

import dev.sluice.bench.QueueBenchOptions;
import dev.sluice.bench.QueueBenchmark;
import dev.sluice.bench.peers.PeersBenchmark;
import dev.sluice.bench.peers.PeersOptions;
import dev.sluice.bench.leaderboard.LeaderboardBenchOptions;
import dev.sluice.bench.leaderboard.LeaderboardBenchmark;
import dev.sluice.bench.service.ServiceLoadCheck;
import dev.sluice.bench.streams.StreamBenchOptions;
import dev.sluice.bench.streams.StreamBenchmark;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Benchmarks; each ends with one JSON line. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks; progress on stderr, one JSON line of figures on stdout.",
        subcommands = {BenchCommand.Queue.class, BenchCommand.Peers.class, BenchCommand.Service.class, BenchCommand.Leaderboard.class,
            BenchCommand.StreamsBench.class, BenchCommand.Leases.class})
final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code sluice bench queue}. */
    @Command(name = "queue", mixinStandardHelpOptions = true,
            header = "Queue throughput, latency, held-snapshot, scaling, steady-load and fairness benchmarks.",
            description = {"Embedded PostgreSQL with durable commits unless --jdbc-url; progress and PASS/FAIL verdicts on stderr,",
                "one JSON line on stdout (with machine, date and server settings).",
                "Options: --jdbc-url URL --jobs N (1000000) --workers W (4) --batch B (150) --rate R (1000) --latency 10s",
                "         --repeat 3 (burn-downs against the SQL baseline, alternating which runs first; steady levels; fairness runs)",
                "         --hold-snapshot 300s --held-rate 20000 --held-flat-out true (also offer the burn-down capacity)",
                "         --processes 1,2,4,8 --scaling-jobs N",
                "         --mode all|enqueue|burn|latency|snapshot|scaling|steady|fairness[,...]",
                "         --phases enqueue,burn,baseline,latency,snapshot,scaling,steady,fairness",
                "Steady and fairness (open-loop producer, a batch every --interval 20ms; levels in percent of --capacity sustained",
                "         (the highest rate kept up with the producer running, found in 10 s steps), burn (the burn-down rate of",
                "         --capacity-jobs 150000, no producer running) or a rate per second):",
                "         --steady-duration 60s (after --warmup 5s, not measured) --levels 30,60,80 --drain-timeout 10s",
                "         --fairness-level 60 --burst 20000 --burst-at 6s --burst-delay 2s --trickle-from 8s --retry-base-delay 100ms",
                "         --trickle urgent,delayed,retried (a subset runs those kinds alone; the others' targets then fail)",
                "Example: sluice bench queue --jobs 1000000 --workers 4 --batch 150",
                "         sluice bench queue --mode steady --steady-duration 60s --repeat 3",
                "         sluice bench queue --mode fairness --steady-duration 60s --repeat 3"})
    static final class Queue implements Callable<Integer> {
        @Unmatched
        List<String> args;

        @Override
        public Integer call() throws Exception {
            QueueBenchmark.run(QueueBenchOptions.parse(args == null ? new String[0] : args.toArray(String[]::new)), System.out);
            return 0;
        }
    }

    /** {@code sluice bench peers}: Sluice next to db-scheduler, JobRunr, Graphile Worker, pg-boss and PgQ. */
    @Command(name = "peers", mixinStandardHelpOptions = true,
            header = "Sluice side by side with db-scheduler, JobRunr, Graphile Worker, pg-boss and PgQ on one server.",
            description = {"Each peer in a fresh database on one PostgreSQL (embedded, durable, unless --jdbc-url): enqueue rate, burn-down",
                "of the same no-op jobs, open-loop latency, and an exactly-once check; Node peers need node on PATH, PgQ the pgq extension.",
                "Usage: " + PeersOptions.USAGE,
                "Example: sluice bench peers --jobs 100000 --peers sluice,db-scheduler,jobrunr"})
    static final class Peers implements Callable<Integer> {
        @Unmatched
        List<String> args;

        @Override
        public Integer call() throws Exception {
            PeersBenchmark.run(PeersOptions.parse(args == null ? new String[0] : args.toArray(String[]::new)), System.out);
            return 0;
        }
    }

    /** {@code sluice bench service}: the running service under HTTP ingest, {@code wrk} reads and many SSE clients. */
    @Command(name = "service", mixinStandardHelpOptions = true,
            header = "The running service under load: HTTP ingest, leaderboard reads, SSE clients.",
            description = {"The service on an embedded PostgreSQL (durable): HTTP batch ingest (32 connections; committed events counted in the database and in the responses, non-2xx responses counted as failures) next to the in-process ingest, leaderboard read p99 with wrk (apt-get install wrk; skipped without it) next to /health, and how many live-leaderboard SSE clients one instance serves.",
                "Options: --seconds 20 --sse 1000 --players 100000"})
    static final class Service implements Callable<Integer> {
        @Unmatched
        List<String> args;

        @Override
        public Integer call() throws Exception {
            ServiceLoadCheck.main(args == null ? new String[0] : args.toArray(String[]::new));
            return 0;
        }
    }

    /** {@code sluice bench leaderboard}: ratios to a floor and to Redis, capacity, open-loop latency. */
    @Command(name = "leaderboard", mixinStandardHelpOptions = true,
            header = "The leaderboard against a hand-written floor and Redis sorted sets; capacity; latency at 80%% of it.",
            description = {"One run: Sluice's ingest as a ratio of a bare durable multi-row INSERT and of Redis (appendfsync always and everysec;",
                "redis-server from PATH, skipped with a message when absent), the same events, batches and threads; the sustained capacity",
                "(offered rate stepped up until the backlog grows); read, rank, query, single-insert and freshness p99 open-loop at 80%% of it;",
                "and the write-up's 1,200 events/s. Embedded PostgreSQL 17 (durable) unless --jdbc-url.",
                "Options: [--jdbc-url URL] [--players 100000] [--events 100000] [--batch 500] [--threads 4] [--step 5s] [--latency 20s]",
                "         [--seed-rate 1200] [--seed-duration 15s] [--redis on|off] [--redis-server redis-server] [--capacity N]",
                "         [--serving on|off] (also the capacity with the readers running beside each step, and latency at 80%% of it)",
                "         [--warmup 10s] (the 80%% load run once untimed first, while the JVM sizes its heap; 0s skips it)",
                "The write-up's literal design (insert + REFRESH MATERIALIZED VIEW) is measured by: sluice demo leaderboard"})
    static final class Leaderboard implements Callable<Integer> {
        @Unmatched
        List<String> args;

        @Override
        public Integer call() throws Exception {
            LeaderboardBenchmark.run(LeaderboardBenchOptions.parse(args == null ? new String[0] : args.toArray(String[]::new)), System.out);
            return 0;
        }
    }

    /** {@code sluice bench streams}: append, catch-up, fan-out and latency against a bare-INSERT floor, and Kafka when it starts. */
    @Command(name = "streams", mixinStandardHelpOptions = true,
            header = "Event streams against a bare-INSERT floor and a Kafka broker in a child JVM, in one run.",
            description = {"Append throughput (batches of 150 and 1,000), one subscription catching up, --fan-out subscriptions at once,",
                "each as a ratio to the same work on a plain table; open-loop latency from commit to handler with 1, 4 and 16 subscriptions;",
                "the same append, catch-up and fan-out through Kafka (KRaft, one node, acks=all, log flushed per append) when its broker starts,",
                "and Kafka's end-to-end latency (ack to consumer, open loop) with as many consumer groups; then (part held) a stream read while",
                "another session holds a REPEATABLE READ snapshot for --hold-snapshot (5 min), after a window of up to 60 s without: dead tuples",
                "and read throughput sampled every --held-sample.",
                "Embedded PostgreSQL 17 (fsync and synchronous_commit on) unless --jdbc-url.",
                "Options: " + StreamBenchOptions.USAGE,
                "Example: sluice bench streams --catch-up-events 1000000; sluice bench streams --parts held --hold-snapshot 300s"})
    static final class StreamsBench implements Callable<Integer> {
        @Unmatched
        List<String> args;

        @Override
        public Integer call() throws Exception {
            StreamBenchmark.run(StreamBenchOptions.parse(args == null ? new String[0] : args.toArray(String[]::new)), System.out);
            return 0;
        }
    }

    /** {@code sluice bench leases}: lease mode against transactional mode, redelivery after kill -9, global limits. */
    @Command(name = "leases", mixinStandardHelpOptions = true,
            header = "Lease mode next to the transactional mode, redelivery after kill -9, and the global limits.",
            description = {"Embedded PostgreSQL (durable) unless --jdbc-url: burn-down of the same no-op jobs by transactional and by leased",
                "workers (same threads and batch; the ratio), the time from a killed leased worker's lease deadline to its messages' redelivery",
                "(target 2 s), the most batches at once under maxConcurrentBatches across Sluice instances, and messages per second under a",
                "rate limit (target within 5%% every whole second, both bounds), all counted from committed rows; then the same limits for",
                "leased consumers: lease-limit (leased workers across instances), lease-rate (leased workers), http-rate (HTTP consumers",
                "over loopback that wait a 429's retryAfterMs; counted from the claims' responses).",
                "Options: --jdbc-url URL --jobs 50000 --workers 4 --batch 150 --lease 5s --instances 4 --max-batches 2 --rate 1000 --rate-seconds 10",
                "         --parts burn,redelivery,limit,rate,lease-limit,lease-rate,http-rate; or --parts http alone: HTTP consumers over loopback (claim + ack,",
                "         batches of --batch) next to the same leases taken in-process, --jobs 30000 --workers 4"})
    static final class Leases implements Callable<Integer> {
        @Unmatched
        List<String> args;

        @Override
        public Integer call() throws Exception {
            String[] a = args == null ? new String[0] : args.toArray(String[]::new);
            int parts = List.of(a).indexOf("--parts");
            if (parts >= 0 && parts + 1 < a.length && a[parts + 1].equals("http")) {
                dev.sluice.bench.service.ClaimLoadCheck.main(a); // HTTP consumers next to in-process leases
            } else {
                dev.sluice.bench.LeaseBenchmark.run(a, System.out);
            }
            return 0;
        }
    }
}
