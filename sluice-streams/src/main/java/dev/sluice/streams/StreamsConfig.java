package dev.sluice.streams;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link Streams} instance.
 *
 * <table>
 * <caption>Settings and defaults</caption>
 * <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 * <tr><td>maintenanceInterval</td><td>30 s</td><td>how often partitions are created ahead and retention is applied; zero: never in the background (call {@link Streams#retention()} yourself)</td></tr>
 * <tr><td>partitionsAhead</td><td>3</td><td>partitions created beyond the current one (1..1000); with short partition intervals, enough to cover a few maintenance intervals</td></tr>
 * <tr><td>clock</td><td>UTC system clock</td><td>the clock retention and lag measure age with</td></tr>
 * <tr><td>lagGaugeRefresh</td><td>5 s</td><td>how stale the Micrometer lag gauges may be (0..1 hour); each refresh runs one bounded statement per stream, however many scrapes come</td></tr>
 * </table>
 */
public record StreamsConfig(Duration maintenanceInterval, int partitionsAhead, Clock clock, Duration lagGaugeRefresh) {

    public static final StreamsConfig DEFAULTS = new StreamsConfig(Duration.ofSeconds(30), 3, Clock.systemUTC(), Duration.ofSeconds(5));

    public StreamsConfig {
        Objects.requireNonNull(maintenanceInterval, "maintenanceInterval");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(lagGaugeRefresh, "lagGaugeRefresh");
        if (lagGaugeRefresh.isNegative() || lagGaugeRefresh.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("lagGaugeRefresh must be between 0 (every read) and 1 hour; got " + lagGaugeRefresh + ".");
        }
        if (maintenanceInterval.isNegative() || maintenanceInterval.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("maintenanceInterval must be between 0 (off) and 1 day; got " + maintenanceInterval + ".");
        }
        if (partitionsAhead < 1 || partitionsAhead > 1000) {
            throw new IllegalArgumentException("partitionsAhead must be between 1 and 1000; got " + partitionsAhead + ".");
        }
    }

    public StreamsConfig withMaintenanceInterval(Duration interval) {
        return new StreamsConfig(interval, partitionsAhead, clock, lagGaugeRefresh);
    }

    public StreamsConfig withPartitionsAhead(int ahead) {
        return new StreamsConfig(maintenanceInterval, ahead, clock, lagGaugeRefresh);
    }

    public StreamsConfig withClock(Clock clock) {
        return new StreamsConfig(maintenanceInterval, partitionsAhead, clock, lagGaugeRefresh);
    }

    public StreamsConfig withLagGaugeRefresh(Duration refresh) {
        return new StreamsConfig(maintenanceInterval, partitionsAhead, clock, refresh);
    }
}
