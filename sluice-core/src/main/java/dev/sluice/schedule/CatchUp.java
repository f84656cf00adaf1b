package dev.sluice.schedule;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a schedule does with ticks that passed while no Sluice process was ticking it (downtime, a
 * database outage). Ticks during a pause are never caught up: resume starts at the next tick.
 */
public enum CatchUp {
    /**
     * Enqueue nothing for missed ticks. A tick counts as missed once it is more than the schedule's
     * grace late; a tick found a little late (within the grace) is still enqueued.
     */
    SKIP,
    /** Enqueue one message for all the missed ticks together (for the latest of them), then carry on. */
    ONE,
    /**
     * Enqueue one message per missed tick, oldest first, at most {@link #MAX_TICKS_PER_PASS} per
     * pass of the ticker (the rest follow in the next passes).
     */
    ALL;

    /** Most ticks {@link #ALL} enqueues in one transaction. */
    public static final int MAX_TICKS_PER_PASS = 1000;

    /** Parses {@code skip}, {@code one} or {@code all} (any case). */
    public static CatchUp parse(String text) {
        if (text != null) {
            for (CatchUp c : values()) {
                if (c.name().equalsIgnoreCase(text.trim())) {
                    return c;
                }
            }
        }
        throw new InvalidScheduleException("Catch-up policy must be one of skip, one, all; got \"" + text + "\".");
    }

    /** The lower-case name used over HTTP and in the CLI. */
    @JsonValue
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
