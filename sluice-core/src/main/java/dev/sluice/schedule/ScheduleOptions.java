package dev.sluice.schedule;

import java.time.Duration;
import java.util.Objects;

/**
 * How a schedule's messages are enqueued.
 *
 * <table>
 * <caption>Options and defaults</caption>
 * <tr><th>option</th><th>default</th><th>meaning</th></tr>
 * <tr><td>catchUp</td><td>{@link CatchUp#ONE}</td><td>what to do with ticks missed during downtime</td></tr>
 * <tr><td>grace</td><td>60 s</td><td>how late a tick may be found and still count as on time, for {@link CatchUp#SKIP} (0..1 day)</td></tr>
 * <tr><td>priority</td><td>0</td><td>priority of the enqueued messages, -32768..32767 (smaller runs first)</td></tr>
 * </table>
 */
public record ScheduleOptions(CatchUp catchUp, Duration grace, int priority) {

    /** Catch up with one message, 60 s grace, priority 0. */
    public static final ScheduleOptions DEFAULTS = new ScheduleOptions(CatchUp.ONE, Duration.ofSeconds(60), 0);

    public ScheduleOptions {
        Objects.requireNonNull(catchUp, "catchUp");
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative() || grace.compareTo(Duration.ofDays(1)) > 0) {
            throw new InvalidScheduleException("grace must be between 0 and 1 day; got " + grace + ".");
        }
        if (priority < Short.MIN_VALUE || priority > Short.MAX_VALUE) {
            throw new InvalidScheduleException("priority must be between " + Short.MIN_VALUE + " and " + Short.MAX_VALUE + "; got " + priority + ".");
        }
    }

    public ScheduleOptions catchUp(CatchUp value) {
        return new ScheduleOptions(value, grace, priority);
    }

    public ScheduleOptions grace(Duration value) {
        return new ScheduleOptions(catchUp, value, priority);
    }

    public ScheduleOptions priority(int value) {
        return new ScheduleOptions(catchUp, grace, value);
    }
}
