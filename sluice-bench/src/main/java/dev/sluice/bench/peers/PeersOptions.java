package dev.sluice.bench.peers;

import java.util.ArrayList;
import java.util.List;

/**
 * Options of {@code sluice bench peers}, validated.
 *
 * @param jdbcUrl the PostgreSQL server (any database on it; each peer gets a fresh database), or
 *     null for an embedded PostgreSQL 17 with durable commits
 * @param jobs jobs each peer burns down (default 200,000); a peer whose warm-up rate says it would take
 *     longer than {@code peerSeconds} gets fewer, scaled, and the output says so (Sluice always gets all)
 * @param peers which peers, in order (default all: sluice, db-scheduler, jobrunr, graphile, pgboss, pgq,
 *     and sluice-streams, Sluice's event log: a different model, shown next to PgQ and not counted for the goals)
 * @param rate jobs a second offered in the latency phase (default 500)
 * @param latencySeconds measured seconds of the latency phase, after {@link #LATENCY_WARMUP_SECONDS} of warm-up (default 10)
 * @param repetitions runs of every peer; the order alternates (reversed every other repetition) (default 1)
 * @param peerSeconds the burn-down time a slow peer's job count is scaled to (default 30)
 * @param workers Sluice's worker threads (default 4)
 * @param batch Sluice's batch size (default 150)
 * @param allowNonDurable run even if the server has fsync or synchronous_commit off (tests only)
 */
public record PeersOptions(String jdbcUrl, int jobs, List<String> peers, int rate, int latencySeconds, int repetitions,
                           int peerSeconds, int workers, int batch, boolean allowNonDurable) {

    public static final List<String> ALL_PEERS = List.of("sluice", "db-scheduler", "jobrunr", "graphile", "pgboss", "pgq", "sluice-streams");
    public static final int LATENCY_WARMUP_SECONDS = 2;

    public static final String USAGE = "sluice bench peers [--jdbc-url URL] [--jobs 200000] [--peers sluice,db-scheduler,jobrunr,graphile,pgboss,pgq,sluice-streams]\n"
            + "                   [--rate 500] [--latency-seconds 10] [--repetitions 1] [--peer-seconds 30] [--workers 4] [--batch 150]";

    public PeersOptions {
        require(jobs >= 100 && jobs <= 50_000_000, "--jobs must be between 100 and 50,000,000, was " + jobs);
        require(rate >= 1 && rate <= 100_000, "--rate must be between 1 and 100,000 jobs a second, was " + rate);
        require(latencySeconds >= 1 && latencySeconds <= 3_600, "--latency-seconds must be between 1 and 3600, was " + latencySeconds);
        require(repetitions >= 1 && repetitions <= 100, "--repetitions must be between 1 and 100, was " + repetitions);
        require(peerSeconds >= 1 && peerSeconds <= 86_400, "--peer-seconds must be between 1 and 86400, was " + peerSeconds);
        require(workers >= 1 && workers <= 256, "--workers must be between 1 and 256, was " + workers);
        require(batch >= 1 && batch <= 10_000, "--batch must be between 1 and 10,000, was " + batch);
        require(peers != null && !peers.isEmpty(), "--peers needs at least one of " + ALL_PEERS);
        for (String peer : peers) {
            require(ALL_PEERS.contains(peer), "--peers: unknown peer '" + peer + "'; choose from " + String.join(",", ALL_PEERS));
        }
        require(peers.stream().distinct().count() == peers.size(), "--peers names a peer twice: " + peers);
        peers = List.copyOf(peers);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message + "\nUsage: " + USAGE);
        }
    }

    /** Parses command-line options; every option has its default. */
    public static PeersOptions parse(String[] args) {
        String url = null;
        int jobs = 200_000;
        List<String> peers = ALL_PEERS;
        int rate = 500;
        int latency = 10;
        int repetitions = 1;
        int peerSeconds = 30;
        int workers = 4;
        int batch = 150;
        boolean allowNonDurable = false;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--allow-non-durable")) {
                allowNonDurable = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("Option " + option + " needs a value.\nUsage: " + USAGE);
            }
            String value = args[++i];
            switch (option) {
                case "--jdbc-url" -> url = value;
                case "--jobs" -> jobs = number(option, value);
                case "--peers" -> peers = split(value);
                case "--rate" -> rate = number(option, value);
                case "--latency-seconds" -> latency = number(option, value);
                case "--repetitions" -> repetitions = number(option, value);
                case "--peer-seconds" -> peerSeconds = number(option, value);
                case "--workers" -> workers = number(option, value);
                case "--batch" -> batch = number(option, value);
                default -> throw new IllegalArgumentException("Unknown option " + option + ".\nUsage: " + USAGE);
            }
        }
        return new PeersOptions(url, jobs, peers, rate, latency, repetitions, peerSeconds, workers, batch, allowNonDurable);
    }

    private static int number(String option, String value) {
        try {
            return Integer.parseInt(value.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a whole number, not '" + value + "'.\nUsage: " + USAGE);
        }
    }

    private static List<String> split(String value) {
        List<String> out = new ArrayList<>();
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                out.add(part.strip().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return out;
    }
}
