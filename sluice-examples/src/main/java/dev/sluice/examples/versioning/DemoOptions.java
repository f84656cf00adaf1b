package dev.sluice.examples.versioning;

import dev.sluice.schema.Identifiers;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Options of {@code sluice demo versioning}.
 *
 * @param jdbcUrl PostgreSQL to use; {@code null} (default) starts an embedded PostgreSQL 17 with durable commits
 * @param products products seeded (default 1,000,000)
 * @param changes changed products handled by the new pipeline per run (default 10,000)
 * @param oldChanges changed products handled by the old pipeline per run (default 2,000, or {@code changes} if
 *     fewer); fewer than {@code changes} keeps the sweep short at high RTTs, the old pipeline's cost being per record
 *     (its scan is then shared by fewer records, which favours the new pipeline a little less)
 * @param scaling also time every pipeline on 100,000 and 5,000,000 products, at the headline RTT (default true;
 *     {@code --no-scaling} skips it)
 * @param workers new pipeline worker threads (default 8)
 * @param batchSize new pipeline batch size (default 150, the Versioning service's limit)
 * @param oldTimeLimit longest an old pipeline run may take before it is stopped and measured on the records it
 *     finished (default 10 minutes); the rest is then finished, unmeasured, before the next run
 * @param schema domain schema, dropped and recreated (default {@code versioning}; Sluice's tables go to {@code <schema>_sluice})
 * @param networkRtts the network RTTs to measure at, each a full run of every pipeline (default
 *     {@code [0, 0.2ms, 0.5ms, 1ms]}); the headline (the write-up's table, the JSON line, the scaling runs) is
 *     0.5 ms when measured, else the first
 * @param mode separate JVMs per service and for the workers and the cron (default) or all in the demo's JVM
 */
public record DemoOptions(String jdbcUrl, long products, int changes, int oldChanges, boolean scaling, int workers, int batchSize,
                          Duration oldTimeLimit, String schema, List<Duration> networkRtts, VersioningDeployment.Mode mode) {

    private static final Pattern RTT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(us|ms|s)?");

    public DemoOptions {
        if (products < 1 || changes < 1 || changes > products) {
            throw new IllegalArgumentException("need 1 <= changes <= products; got products " + products + ", changes " + changes);
        }
        if (oldChanges < 1 || oldChanges > changes) {
            throw new IllegalArgumentException("--old-changes must be between 1 and --changes (" + changes + "); got " + oldChanges);
        }
        if (workers < 1 || batchSize < 1 || batchSize > VersioningService.MAX_BATCH) {
            throw new IllegalArgumentException("workers must be positive and batch between 1 and " + VersioningService.MAX_BATCH);
        }
        Identifiers.schemaName(schema);
        if (networkRtts == null || networkRtts.isEmpty()) {
            throw new IllegalArgumentException("--network-rtt needs at least one value, e.g. 0 or 0,0.2ms,0.5ms,1ms");
        }
        networkRtts = List.copyOf(networkRtts);
        if (mode == null) {
            throw new IllegalArgumentException("mode must be set");
        }
    }

    /** The RTT the targets are set at (the headline whenever it is measured). */
    public static final Duration HEADLINE_RTT = Duration.ofNanos(500_000);

    /** Old pipeline's changes per run unless {@code --old-changes} says otherwise. */
    static final int DEFAULT_OLD_CHANGES = 2_000;

    /**
     * The targets in one command: 1,000,000 products, 10,000 changes (2,000 for the old pipeline),
     * RTT 0, 0.2, 0.5 and 1 ms, the scaling runs at 100,000 and 5,000,000 products.
     */
    public static DemoOptions defaults() {
        return new DemoOptions(null, 1_000_000, 10_000, DEFAULT_OLD_CHANGES, true, 8, 150, Duration.ofMinutes(10), "versioning",
                List.of(Duration.ZERO, Duration.ofNanos(200_000), HEADLINE_RTT, Duration.ofMillis(1)), VersioningDeployment.Mode.PROCESSES);
    }

    /** The RTT of the headline figures: 0.5 ms when measured, else the first RTT. */
    public Duration headlineRtt() {
        return networkRtts.contains(HEADLINE_RTT) ? HEADLINE_RTT : networkRtts.get(0);
    }

    /** The same options measured at other RTTs. */
    public DemoOptions withRtts(List<Duration> rtts) {
        return new DemoOptions(jdbcUrl, products, changes, oldChanges, scaling, workers, batchSize, oldTimeLimit, schema, rtts, mode);
    }

    /**
     * Parses {@code [--jdbc-url URL] [--products N] [--changes N] [--old-changes N] [--scaling | --no-scaling] [--workers N]
     * [--batch N] [--old-time-limit SECONDS] [--schema NAME] [--network-rtt 0,0.2ms,0.5ms,1ms] [--in-process]}.
     */
    public static DemoOptions parse(String[] args) {
        DemoOptions d = defaults();
        String url = d.jdbcUrl();
        long products = d.products();
        Integer changes = null;
        Integer oldChanges = null;
        boolean scaling = d.scaling();
        int workers = d.workers();
        int batch = d.batchSize();
        Duration limit = d.oldTimeLimit();
        String schema = d.schema();
        List<Duration> rtts = d.networkRtts();
        VersioningDeployment.Mode mode = d.mode();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--scaling") || a.equals("--no-scaling")) {
                scaling = a.equals("--scaling");
                continue;
            }
            if (a.equals("--in-process")) {
                mode = VersioningDeployment.Mode.IN_PROCESS;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--jdbc-url" -> url = v;
                case "--products" -> products = Long.parseLong(v.replace("_", ""));
                case "--changes" -> changes = Integer.parseInt(v.replace("_", ""));
                case "--old-changes" -> oldChanges = Integer.parseInt(v.replace("_", ""));
                case "--workers" -> workers = Integer.parseInt(v);
                case "--batch" -> batch = Integer.parseInt(v);
                case "--old-time-limit" -> limit = Duration.ofSeconds(Long.parseLong(v));
                case "--schema" -> schema = v;
                case "--network-rtt" -> rtts = parseRtts(v);
                default -> throw new IllegalArgumentException("Unknown option " + a + ". Options: --jdbc-url --products --changes --old-changes"
                        + " --scaling --no-scaling --workers --batch --old-time-limit --schema --network-rtt --in-process");
            }
        }
        int c = changes == null ? d.changes() : changes;
        return new DemoOptions(url, products, c, oldChanges == null ? Math.min(c, DEFAULT_OLD_CHANGES) : oldChanges, scaling, workers, batch,
                limit, schema, rtts, mode);
    }

    /** {@code 0,0.2ms,0.5ms,1ms}: durations in us, ms (the default unit) or s, fractions allowed. */
    static List<Duration> parseRtts(String text) {
        List<Duration> rtts = new ArrayList<>();
        for (String part : text.split(",")) {
            Matcher m = RTT.matcher(part.trim().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new IllegalArgumentException("Cannot read \"" + part + "\" as a network RTT; use e.g. 0, 200us, 0.5ms or 1ms");
            }
            BigDecimal value = new BigDecimal(m.group(1));
            String unit = m.group(2) == null ? "ms" : m.group(2);
            BigDecimal nanos = value.multiply(BigDecimal.valueOf(switch (unit) {
                case "us" -> 1_000L;
                case "s" -> 1_000_000_000L;
                default -> 1_000_000L;
            }));
            Duration rtt = Duration.ofNanos(nanos.longValue());
            if (rtt.compareTo(Duration.ofSeconds(1)) > 0) {
                throw new IllegalArgumentException("network RTT " + part + " is over 1 s; the model is meant for 0 to a few milliseconds");
            }
            rtts.add(rtt);
        }
        return rtts;
    }
}
