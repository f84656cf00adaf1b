package dev.sluice.schedule;

/** What {@link Schedules#define} did. */
public enum DefineResult {
    /** The schedule did not exist; it was created and ticks from the next tick after now. */
    CREATED,
    /** It existed with another definition; it was changed (a new timing starts at the next new tick after now). */
    UPDATED,
    /** It existed with this very definition; nothing changed. */
    UNCHANGED
}
