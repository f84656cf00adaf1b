package dev.sluice.streams;

import java.time.Instant;
import java.util.Objects;

/** Where a new subscription, or a reset one, starts reading. */
public sealed interface StartFrom {

    /** Every retained event. */
    static StartFrom earliest() {
        return Earliest.INSTANCE;
    }

    /**
     * Only what commits from now on: events of transactions that have already ended are skipped.
     * Events of transactions still running are delivered, so nothing committed after this call is missed.
     */
    static StartFrom latest() {
        return Latest.INSTANCE;
    }

    /** Right after the event with this id (which must still be retained). */
    static StartFrom afterEvent(long eventId) {
        return new AfterEvent(eventId);
    }

    /** Every event appended at or after this time (and possibly a few just before, from overlapping transactions). */
    static StartFrom time(Instant time) {
        return new AtTime(Objects.requireNonNull(time, "time"));
    }

    /** An exact position, e.g. one read from {@link SubscriptionStats#position()}. */
    static StartFrom position(StreamPosition position) {
        return new AtPosition(Objects.requireNonNull(position, "position"));
    }

    /** Every retained event. */
    enum Earliest implements StartFrom { INSTANCE }

    /** What commits from now on. */
    enum Latest implements StartFrom { INSTANCE }

    /** After one event. */
    record AfterEvent(long eventId) implements StartFrom {
    }

    /** From a time. */
    record AtTime(Instant time) implements StartFrom {
    }

    /** From an exact position. */
    record AtPosition(StreamPosition position) implements StartFrom {
    }
}
