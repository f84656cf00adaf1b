package dev.sluice.leaderboard;

import java.time.Duration;

/**
 * A tumbling window: scores are aggregated per player per window instance of {@code size}, aligned
 * to the Unix epoch (so a 1-minute window starts on the minute). {@link #ALL_TIME} never rolls over.
 *
 * @param name how queries and the API name it, e.g. {@code "1m"}
 * @param size the window length, whole seconds; {@link Duration#ZERO} for all time
 * @param retention how long a window instance's aggregates are kept after it starts
 */
public record Window(String name, Duration size, Duration retention) {

    public static final Window SECOND = new Window("1s", Duration.ofSeconds(1), Duration.ofHours(1));
    public static final Window MINUTE = new Window("1m", Duration.ofMinutes(1), Duration.ofDays(1));
    public static final Window HOUR = new Window("1h", Duration.ofHours(1), Duration.ofDays(30));
    public static final Window DAY = new Window("1d", Duration.ofDays(1), Duration.ofDays(30));
    public static final Window ALL_TIME = new Window("all", Duration.ZERO, Duration.ZERO);

    public Window {
        if (name == null || !name.matches("[a-z0-9_]{1,32}")) {
            throw new IllegalArgumentException("Window name must be 1 to 32 of [a-z0-9_], e.g. \"1m\"; got \"" + name + "\".");
        }
        if (size == null || size.isNegative() || size.toMillisPart() != 0 || size.compareTo(Duration.ofDays(366)) > 0) {
            throw new IllegalArgumentException("Window " + name + ": size must be whole seconds, 0 (all time) to 366 days; got " + size + ".");
        }
        if (retention == null || retention.isNegative()) {
            throw new IllegalArgumentException("Window " + name + ": retention must be zero (keep forever) or positive; got " + retention + ".");
        }
    }

    /** True for the all-time window. */
    public boolean allTime() {
        return size.isZero();
    }
}
