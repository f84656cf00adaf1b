package dev.sluice.schedule;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * When a schedule ticks: a cron expression in a time zone, or a fixed interval.
 *
 * <ul>
 * <li>{@link #cron(String, ZoneId)}: five fields {@code minute hour day-of-month month day-of-week}
 *     ({@code "0 3 * * *"}: 03:00 every day), six fields with seconds first ({@code "*&#47;10 * * * * *"}),
 *     or one of {@code @yearly @monthly @weekly @daily @hourly}. Parsed by cron-utils (Unix and
 *     Spring semantics); a bad expression fails at once with {@link InvalidScheduleException}.</li>
 * <li>{@link #every(Duration)}: ticks at whole multiples of the interval since the Unix epoch (UTC),
 *     so "every 5 minutes" ticks at :00, :05, :10 in every process, whenever it started.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe; equal schedules tick at the same instants.
 */
public final class Schedule {

    /** Shortest interval: schedules are for periodic work, not for sub-second loops. */
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    /** Longest interval. */
    public static final Duration MAX_INTERVAL = Duration.ofDays(366);
    /** Longest cron expression accepted, in characters. */
    public static final int MAX_EXPRESSION_LENGTH = 200;

    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final CronParser WITH_SECONDS = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING53));
    private static final Map<String, String> MACROS = Map.of(
            "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");

    /** How the schedule is stored: {@code cron} or {@code interval}. */
    public enum Kind { CRON, INTERVAL }

    private final Kind kind;
    private final String expression;
    private final ZoneId zone;
    private final Duration interval;
    private final ExecutionTime executionTime;

    private Schedule(Kind kind, String expression, ZoneId zone, Duration interval, ExecutionTime executionTime) {
        this.kind = kind;
        this.expression = expression;
        this.zone = zone;
        this.interval = interval;
        this.executionTime = executionTime;
    }

    private static final ZoneId UTC = ZoneId.of("UTC");

    /** A cron schedule in UTC. */
    public static Schedule cron(String expression) {
        return cron(expression, UTC);
    }

    /** A cron schedule in the named time zone, e.g. {@code "Europe/Paris"}. */
    public static Schedule cron(String expression, String zone) {
        return cron(expression, zone(zone));
    }

    /**
     * A cron schedule evaluated in {@code zone} (daylight saving time included: "0 3 * * *" in
     * Europe/Paris ticks at 03:00 Paris time, winter and summer).
     *
     * @throws InvalidScheduleException if the expression is not valid cron or never fires
     */
    public static Schedule cron(String expression, ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        if (zone.equals(ZoneOffset.UTC)) {
            zone = UTC; // stored and shown as "UTC", not "Z"
        }
        if (expression == null || expression.isBlank()) {
            throw new InvalidScheduleException("The cron expression is empty. " + CRON_HELP);
        }
        if (expression.length() > MAX_EXPRESSION_LENGTH) {
            throw new InvalidScheduleException("The cron expression is " + expression.length() + " characters long; at most "
                    + MAX_EXPRESSION_LENGTH + " are allowed.");
        }
        String text = expression.trim().replaceAll("\\s+", " ");
        String parsed = MACROS.getOrDefault(text.toLowerCase(Locale.ROOT), text);
        int fields = parsed.split(" ").length;
        if (fields != 5 && fields != 6) {
            throw new InvalidScheduleException("The cron expression \"" + expression + "\" has " + fields + " field(s). " + CRON_HELP);
        }
        ExecutionTime executionTime;
        try {
            executionTime = ExecutionTime.forCron((fields == 5 ? UNIX : WITH_SECONDS).parse(parsed).validate());
        } catch (IllegalArgumentException e) {
            throw new InvalidScheduleException("The cron expression \"" + expression + "\" is not valid: " + e.getMessage() + ". " + CRON_HELP, e);
        }
        Schedule schedule = new Schedule(Kind.CRON, text, zone, null, executionTime);
        if (schedule.nextAfter(Instant.now()).isEmpty()) {
            throw new InvalidScheduleException("The cron expression \"" + expression + "\" never fires (e.g. a day that does not exist, such as 30 February).");
        }
        return schedule;
    }

    private static final String CRON_HELP = "Use five fields \"minute hour day-of-month month day-of-week\" (e.g. \"0 3 * * *\" for 03:00 daily), "
            + "six with seconds first (e.g. \"*/10 * * * * *\"), or @hourly, @daily, @weekly, @monthly, @yearly.";

    /**
     * A schedule that ticks every {@code interval}, at whole multiples of it since the epoch.
     *
     * @throws InvalidScheduleException unless {@code interval} is between 1 second and 366 days, in whole milliseconds
     */
    public static Schedule every(Duration interval) {
        if (interval == null || interval.compareTo(MIN_INTERVAL) < 0 || interval.compareTo(MAX_INTERVAL) > 0) {
            throw new InvalidScheduleException("The interval must be between " + MIN_INTERVAL + " and " + MAX_INTERVAL + "; got " + interval + ".");
        }
        if (interval.toNanos() % 1_000_000 != 0) {
            throw new InvalidScheduleException("The interval must be whole milliseconds; got " + interval + ".");
        }
        return new Schedule(Kind.INTERVAL, null, UTC, interval, null);
    }

    /** Parses a time zone id, with a clear error. */
    public static ZoneId zone(String zone) {
        try {
            return ZoneId.of(zone == null ? "" : zone.trim());
        } catch (DateTimeException e) {
            throw new InvalidScheduleException("Unknown time zone \"" + zone + "\"; use a region id such as \"Europe/Paris\" or \"UTC\".", e);
        }
    }

    /** The first tick strictly after {@code t}; empty if there is none. */
    public Optional<Instant> nextAfter(Instant t) {
        if (kind == Kind.INTERVAL) {
            long ms = interval.toMillis();
            long epochMs = t.toEpochMilli();
            return Optional.of(Instant.ofEpochMilli(Math.floorDiv(epochMs, ms) * ms + ms));
        }
        return executionTime.nextExecution(t.atZone(zone)).map(ZonedDateTime::toInstant);
    }

    /** The latest tick at or before {@code t}; empty if there is none. */
    public Optional<Instant> latestAtOrBefore(Instant t) {
        if (kind == Kind.INTERVAL) {
            long ms = interval.toMillis();
            return Optional.of(Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), ms) * ms));
        }
        // Cron ticks fall on whole seconds and lastExecution is strictly before its argument.
        Instant probe = t.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        return executionTime.lastExecution(probe.atZone(zone)).map(ZonedDateTime::toInstant);
    }

    /** Up to {@code n} ticks from {@code from} (inclusive when it is a tick), in order. */
    public List<Instant> ticksFrom(Instant from, int n) {
        List<Instant> ticks = new ArrayList<>(n);
        Optional<Instant> t = latestAtOrBefore(from).filter(from::equals).or(() -> nextAfter(from));
        while (t.isPresent() && ticks.size() < n) {
            ticks.add(t.get());
            t = nextAfter(t.get());
        }
        return ticks;
    }

    public Kind kind() {
        return kind;
    }

    /** The cron expression as given (whitespace normalised), or null for an interval. */
    public String expression() {
        return expression;
    }

    /** The zone cron is evaluated in (UTC for intervals). */
    public ZoneId zone() {
        return zone;
    }

    /** The interval, or null for cron. */
    public Duration interval() {
        return interval;
    }

    /** E.g. {@code cron "0 3 * * *" Europe/Paris} or {@code every PT5M}. */
    public String describe() {
        return kind == Kind.CRON ? "cron \"" + expression + "\" " + zone.getId() : "every " + interval;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Schedule s && kind == s.kind && Objects.equals(expression, s.expression)
                && Objects.equals(zone, s.zone) && Objects.equals(interval, s.interval);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, expression, zone, interval);
    }

    @Override
    public String toString() {
        return describe();
    }
}
