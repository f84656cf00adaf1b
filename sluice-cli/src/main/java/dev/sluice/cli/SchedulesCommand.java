package dev.sluice.cli;

import dev.sluice.Sluice;
import dev.sluice.queue.PayloadCodec;
import dev.sluice.schedule.CatchUp;
import dev.sluice.schedule.DefineResult;
import dev.sluice.schedule.Schedule;
import dev.sluice.schedule.ScheduleInfo;
import dev.sluice.schedule.ScheduleOptions;
import dev.sluice.schedule.Schedules;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sluice schedules}: list schedules with their next ticks and last run; define, pause, resume, remove. */
@Command(name = "schedules", mixinStandardHelpOptions = true, sortOptions = false,
        subcommands = {SchedulesCommand.Define.class, SchedulesCommand.Pause.class, SchedulesCommand.Resume.class, SchedulesCommand.Remove.class},
        header = "List recurring schedules with their next ticks and last run.",
        description = "List schedules: queue, timing, state, next ticks, last tick enqueued, ticks enqueued and skipped. "
                + "Subcommands define, pause, resume and remove them; any running Sluice process enqueues their ticks.")
final class SchedulesCommand implements Callable<Integer> {

    @Mixin
    DatabaseOptions db;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(names = "--next", defaultValue = "3", description = "How many upcoming ticks to show per schedule, 1..5 (default: ${DEFAULT-VALUE}).")
    int next;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (next < 1 || next > Schedules.NEXT_TICKS) {
            throw new IllegalArgumentException("--next must be between 1 and " + Schedules.NEXT_TICKS + "; got " + next + ".");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Sluice sluice = db.start(true)) {
            List<ScheduleInfo> schedules = sluice.schedules().list();
            if (json) {
                out.println(PayloadCodec.mapper().writeValueAsString(schedules));
            } else {
                print(schedules, out);
            }
        }
        out.flush();
        return 0;
    }

    private void print(List<ScheduleInfo> schedules, PrintWriter out) {
        out.println(String.format(Locale.ROOT, "%-24s %-16s %-32s %-7s %-22s %-22s %8s %8s", "SCHEDULE", "QUEUE", "WHEN", "STATE",
                "NEXT", "LAST RUN", "ENQUEUED", "SKIPPED"));
        for (ScheduleInfo s : schedules) {
            List<String> ticks = s.nextTicks().stream().limit(next).map(SchedulesCommand::time).toList();
            String when = s.schedule() + (s.catchUp() == CatchUp.ONE ? "" : " catch-up " + s.catchUp().text());
            out.println(String.format(Locale.ROOT, "%-24s %-16s %-32s %-7s %-22s %-22s %8d %8d", s.name(), s.queue(), when,
                    s.paused() ? "paused" : "active", ticks.isEmpty() ? "-" : ticks.get(0), s.lastTickAt() == null ? "never" : time(s.lastTickAt()),
                    s.enqueuedTicks(), s.skippedTicks()));
            for (String t : ticks.subList(Math.min(1, ticks.size()), ticks.size())) {
                out.println(String.format(Locale.ROOT, "%-24s %-16s %-32s %-7s %s", "", "", "", "", t));
            }
        }
        if (schedules.isEmpty()) {
            out.println("(no schedules; define one with: sluice schedules define NAME --queue QUEUE --cron \"0 3 * * *\")");
        }
    }

    private static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Exactly one of --cron or --every. */
    static final class Timing {
        @Option(names = "--cron", paramLabel = "EXPR", required = true,
                description = "Cron: five fields (\"0 3 * * *\"), six with seconds first, or @hourly/@daily/@weekly/@monthly/@yearly.")
        String cron;

        @Option(names = "--every", paramLabel = "TIME", required = true, converter = DurationConverter.class,
                description = "Fixed interval, e.g. 30s, 5m, 2h (1s..366 days); ticks on multiples of it since the epoch.")
        Duration every;
    }

    /** {@code sluice schedules define NAME --queue Q (--cron EXPR [--zone Z] | --every TIME) [--payload JSON] ...}. */
    @Command(name = "define", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Create or change a schedule (the same definition changes nothing; a paused schedule stays paused).")
    static final class Define implements Callable<Integer> {
        @Mixin
        DatabaseOptions db;

        @Parameters(index = "0", description = "Schedule name: letters, digits, '_', '.', '-' (e.g. nightly-report).")
        String name;

        @Option(names = "--queue", required = true, description = "Queue the messages go to (must exist).")
        String queue;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Timing timing;

        @Option(names = "--zone", defaultValue = "UTC", description = "Time zone of --cron (default: ${DEFAULT-VALUE}).")
        String zone;

        @Option(names = "--payload", paramLabel = "JSON", description = "JSON payload of every message (default: none).")
        String payload;

        @Option(names = "--catch-up", defaultValue = "one", paramLabel = "skip|one|all",
                description = "Ticks missed during downtime: enqueue none, one, or each (default: ${DEFAULT-VALUE}).")
        String catchUp;

        @Option(names = "--grace", defaultValue = "60s", converter = DurationConverter.class, paramLabel = "TIME",
                description = "How late a tick may be and still be enqueued under --catch-up skip (default: ${DEFAULT-VALUE}).")
        Duration grace;

        @Option(names = "--priority", defaultValue = "0", description = "Message priority, smaller first (default: ${DEFAULT-VALUE}).")
        int priority;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (timing.every != null && !"UTC".equals(zone)) {
                throw new IllegalArgumentException("--zone applies to --cron only; intervals tick on the UTC epoch grid.");
            }
            Schedule schedule = timing.cron != null ? Schedule.cron(timing.cron, zone) : Schedule.every(timing.every);
            ScheduleOptions options = new ScheduleOptions(CatchUp.parse(catchUp), grace, priority);
            try (Sluice sluice = db.start(true)) {
                DefineResult result = sluice.schedules().defineJson(name, schedule, queue, payload, options);
                ScheduleInfo info = sluice.schedules().get(name);
                spec.commandLine().getOut().println(result.name().toLowerCase(Locale.ROOT) + " schedule " + name + ": " + info.schedule()
                        + " into " + info.queue() + ", next ticks " + info.nextTicks().stream().limit(3).map(SchedulesCommand::time)
                        .collect(Collectors.joining(", ")));
            }
            return 0;
        }
    }

    /** Shared by pause, resume and remove: one schedule by name. */
    abstract static class OneSchedule implements Callable<Integer> {
        @Mixin
        DatabaseOptions db;

        @Parameters(index = "0", description = "Schedule name.")
        String name;

        @Spec
        CommandSpec spec;

        private final BiConsumer<Schedules, String> change;
        private final String done;

        OneSchedule(BiConsumer<Schedules, String> change, String done) {
            this.change = change;
            this.done = done;
        }

        @Override
        public Integer call() {
            try (Sluice sluice = db.start(true)) {
                change.accept(sluice.schedules(), name);
                spec.commandLine().getOut().println(done + " schedule " + name);
            }
            return 0;
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Stop a schedule ticking; its state is kept.")
    static final class Pause extends OneSchedule {
        Pause() {
            super(Schedules::pause, "paused");
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Tick a paused schedule again from its first tick after now (ticks during the pause are not caught up).")
    static final class Resume extends OneSchedule {
        Resume() {
            super(Schedules::resume, "resumed");
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a schedule; messages it enqueued stay.")
    static final class Remove extends OneSchedule {
        Remove() {
            super((schedules, name) -> {
                if (!schedules.remove(name)) {
                    throw new dev.sluice.schedule.UnknownScheduleException(name);
                }
            }, "removed");
        }
    }
}
