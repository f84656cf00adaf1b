package dev.sluice.streams;

import dev.sluice.SluiceException;

/** {@link StartFrom#afterEvent(long)} names an event the stream does not hold (never appended, not committed, or dropped by retention). */
public final class UnknownEventException extends SluiceException {

    private final String stream;
    private final long eventId;

    public UnknownEventException(String stream, long eventId) {
        super("Stream \"" + stream + "\" has no event " + eventId
                + " (never appended, not committed, or dropped by retention). Start from a retained event, a time or EARLIEST.");
        this.stream = stream;
        this.eventId = eventId;
    }

    public String stream() {
        return stream;
    }

    public long eventId() {
        return eventId;
    }
}
