package dev.sluice.cli;

import dev.sluice.Sluice;
import dev.sluice.queue.PayloadCodec;
import dev.sluice.streams.RetentionMode;
import dev.sluice.streams.StartFrom;
import dev.sluice.streams.StreamOptions;
import dev.sluice.streams.StreamPosition;
import dev.sluice.streams.StreamStats;
import dev.sluice.streams.Streams;
import dev.sluice.streams.StreamsConfig;
import dev.sluice.streams.SubscriptionStats;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sluice streams}: list streams with their extent and subscriptions; {@code stats}, {@code create},
 * {@code subscribe}, {@code unsubscribe}, {@code reset}. Only {@code create} creates the streams tables;
 * the others refuse a schema without them.
 */
@Command(name = "streams", mixinStandardHelpOptions = true, sortOptions = false,
        subcommands = {StreamsCommand.Stats.class, StreamsCommand.Create.class, StreamsCommand.Subscribe.class,
            StreamsCommand.Unsubscribe.class, StreamsCommand.Reset.class},
        header = "List event streams with events, append rate, size and subscriptions.",
        description = "List event streams: retained events, appended in the last minute, partitions, size, subscriptions and the largest lag."
                + " Counts are exact (they scan the retained events).")
final class StreamsCommand implements Callable<Integer> {

    @Mixin
    DatabaseOptions db;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    /** Runs {@code body} on an existing schema with the streams tables; nothing is created. */
    static <T> T withStreams(DatabaseOptions db, Function<Streams, T> body) {
        try (Sluice sluice = db.startExisting()) {
            if (!db.hasStreamTables()) {
                throw new IllegalArgumentException("Schema \"" + db.schema + "\" has no streams yet. Nothing was created. "
                        + "Create one with: sluice streams create NAME --schema " + db.schema);
            }
            try (Streams streams = Streams.start(sluice, StreamsConfig.DEFAULTS.withMaintenanceInterval(Duration.ZERO))) {
                return body.apply(streams);
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<StreamStats> all = withStreams(db, s -> s.list().stream().map(s::stats).toList());
        if (json) {
            out.println(PayloadCodec.mapper().writeValueAsString(all));
        } else {
            out.println(String.format(Locale.ROOT, "%-24s %12s %10s %6s %10s %5s %12s %10s", "STREAM", "EVENTS", "LAST-MIN", "PARTS", "MIB", "SUBS",
                    "MAX-LAG", "MAX-LAG(s)"));
            for (StreamStats st : all) {
                long maxLag = st.subscriptions().stream().mapToLong(SubscriptionStats::lagEvents).max().orElse(0);
                double maxAge = st.subscriptions().stream().mapToDouble(x -> x.lag().toMillis() / 1000.0).max().orElse(0);
                out.println(String.format(Locale.ROOT, "%-24s %12d %10d %6d %10.1f %5d %12d %10.1f", st.stream(), st.events(), st.appendedLastMinute(),
                        st.partitions(), st.bytes() / 1048576.0, st.subscriptions().size(), maxLag, maxAge));
            }
            if (all.isEmpty()) {
                out.println("(no streams; create one with: sluice streams create NAME)");
            }
        }
        out.flush();
        return 0;
    }

    /** {@code sluice streams stats STREAM}: every subscription's position and lag. */
    @Command(name = "stats", mixinStandardHelpOptions = true, description = "A stream's extent and every subscription's position, lag and retention state.")
    static final class Stats implements Callable<Integer> {
        @Mixin
        DatabaseOptions db;

        @Parameters(index = "0", description = "Stream name.")
        String stream;

        @Option(names = "--json", description = "Print JSON instead of a table.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            StreamStats st = withStreams(db, s -> s.stats(stream));
            if (json) {
                out.println(PayloadCodec.mapper().writeValueAsString(st));
                out.flush();
                return 0;
            }
            out.println(String.format(Locale.ROOT, "stream %s: %d events (ids %d..%d), %d in the last minute, %d partitions, %.1f MiB",
                    st.stream(), st.events(), st.firstId(), st.lastId(), st.appendedLastMinute(), st.partitions(), st.bytes() / 1048576.0));
            out.println(String.format(Locale.ROOT, "%-24s %24s %12s %12s %10s %8s %s", "SUBSCRIPTION", "POSITION(txid/id)", "CONSUMED", "LAG", "LAG(s)", "LOST",
                    "RETENTION"));
            for (SubscriptionStats sub : st.subscriptions()) {
                out.println(String.format(Locale.ROOT, "%-24s %24s %12d %12d %10.1f %8d %s", sub.name(), sub.position().txid() + "/" + sub.position().id(),
                        sub.consumed(), sub.lagEvents(), sub.lag().toMillis() / 1000.0, sub.lostEvents(),
                        sub.lostEvents() > 0 ? "LOST EVENTS" : sub.holdsRetention() ? "holding retention" : "ok"));
            }
            if (st.subscriptions().isEmpty()) {
                out.println("(no subscriptions; create one with: sluice streams subscribe " + st.stream() + " NAME)");
            }
            out.flush();
            return 0;
        }
    }

    /** {@code sluice streams create STREAM}. */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a stream (creating the streams tables in the schema if needed), or update an existing one's retention.")
    static final class Create implements Callable<Integer> {
        @Mixin
        DatabaseOptions db;

        @Parameters(index = "0", description = "Stream name: lower-case letters, digits, underscores, starting with a letter.")
        String stream;

        @Option(names = "--partition", converter = DurationConverter.class, defaultValue = "1h", paramLabel = "TIME",
                description = "Append time per partition, the unit retention drops (default: ${DEFAULT-VALUE}; kept by an existing stream).")
        Duration partition;

        @Option(names = "--retention", defaultValue = "168h", paramLabel = "TIME|forever",
                description = "Drop partitions older than this (default: ${DEFAULT-VALUE}); forever keeps them.")
        String retention;

        @Option(names = "--max-bytes", paramLabel = "BYTES", description = "Drop the oldest partitions while the stream is larger.")
        Long maxBytes;

        @Option(names = "--drop-unconsumed", description = "Retention drops partitions even if a subscription has not read them (counted as lost).")
        boolean dropUnconsumed;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            StreamOptions options = StreamOptions.builder().partitionInterval(partition)
                    .retention(retention.equals("forever") ? null : new DurationConverter().convert(retention))
                    .maxBytes(maxBytes).retentionMode(dropUnconsumed ? RetentionMode.DROP_UNCONSUMED : RetentionMode.KEEP_UNCONSUMED).build();
            try (Sluice sluice = db.startExisting();
                 Streams streams = Streams.start(sluice, StreamsConfig.DEFAULTS.withMaintenanceInterval(Duration.ZERO))) {
                boolean created = streams.create(stream, options);
                spec.commandLine().getOut().println(created ? "created stream " + stream : "stream " + stream + " exists; retention updated");
            }
            return 0;
        }
    }

    /** Where to start or reset to: earliest, latest, an ISO-8601 time, or event:ID. */
    static StartFrom startFrom(String text) {
        if (text.equals("earliest")) {
            return StartFrom.earliest();
        }
        if (text.equals("latest")) {
            return StartFrom.latest();
        }
        if (text.startsWith("event:")) {
            try {
                return StartFrom.afterEvent(Long.parseLong(text.substring(6)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("event:ID needs a whole number; got \"" + text + "\".");
            }
        }
        if (text.startsWith("position:")) {
            String[] parts = text.substring(9).split("/", -1);
            if (parts.length == 2) {
                try {
                    return StartFrom.position(new StreamPosition(parts[0], Long.parseLong(parts[1])));
                } catch (NumberFormatException e) {
                    // falls through to the message below
                }
            }
            throw new IllegalArgumentException("position:TXID/ID takes the POSITION column of sluice streams stats; got \"" + text + "\".");
        }
        try {
            return StartFrom.time(Instant.parse(text));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Start at earliest, latest, an ISO-8601 time such as 2026-12-01T10:00:00Z, event:ID or position:TXID/ID; got \""
                    + text + "\".");
        }
    }

    /** {@code sluice streams subscribe STREAM NAME [--from ...]}. */
    @Command(name = "subscribe", mixinStandardHelpOptions = true,
            description = "Create a subscription (an existing one keeps its position). Consumers then read it through the library.")
    static final class Subscribe implements Callable<Integer> {
        @Mixin
        DatabaseOptions db;

        @Parameters(index = "0", description = "Stream name.")
        String stream;

        @Parameters(index = "1", description = "Subscription name.")
        String name;

        @Option(names = "--from", defaultValue = "earliest", paramLabel = "START",
                description = "earliest (default), latest, an ISO-8601 time, event:ID or position:TXID/ID.")
        String from;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            StartFrom start = startFrom(from);
            boolean created = withStreams(db, s -> s.subscriptions().create(stream, name, start));
            spec.commandLine().getOut().println(created ? "created subscription " + name + " of " + stream
                    : "subscription " + name + " of " + stream + " exists; its position is kept (use sluice streams reset to move it)");
            return 0;
        }
    }

    /** {@code sluice streams unsubscribe STREAM NAME}. */
    @Command(name = "unsubscribe", mixinStandardHelpOptions = true, description = "Delete a subscription (it stops holding retention back).")
    static final class Unsubscribe implements Callable<Integer> {
        @Mixin
        DatabaseOptions db;

        @Parameters(index = "0", description = "Stream name.")
        String stream;

        @Parameters(index = "1", description = "Subscription name.")
        String name;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (!withStreams(db, s -> s.subscriptions().delete(stream, name))) {
                throw new dev.sluice.streams.UnknownSubscriptionException(stream, name);
            }
            spec.commandLine().getOut().println("deleted subscription " + name + " of " + stream);
            return 0;
        }
    }

    /** {@code sluice streams reset STREAM NAME --to ...}. */
    @Command(name = "reset", mixinStandardHelpOptions = true,
            description = "Move a subscription back (replay) or forward (skip); waits for a batch of it in flight to finish.")
    static final class Reset implements Callable<Integer> {
        @Mixin
        DatabaseOptions db;

        @Parameters(index = "0", description = "Stream name.")
        String stream;

        @Parameters(index = "1", description = "Subscription name.")
        String name;

        @Option(names = "--to", required = true, paramLabel = "START",
                description = "earliest, latest, an ISO-8601 time, event:ID or position:TXID/ID.")
        String to;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            StartFrom start = startFrom(to);
            StreamPosition p = withStreams(db, s -> s.subscriptions().reset(stream, name, start));
            spec.commandLine().getOut().println("subscription " + name + " of " + stream + " is now at " + p.txid() + "/" + p.id());
            return 0;
        }
    }
}
