package dev.sluice.leaderboard;

import java.util.List;

/**
 * What happened to each event of an ingest call, by index.
 *
 * <p>Batch semantics: invalid events are rejected with a reason and do not stop the others; valid
 * events are stored and aggregated together in one transaction, so either all valid events of a
 * call count or (on a database error, which is thrown) none do, and a retry is safe because
 * accepted ids then come back as duplicates.
 *
 * @param outcomes one per input event, in input order
 */
public record IngestResult(List<Outcome> outcomes) {

    /** The fate of one event. */
    public enum Status { ACCEPTED, DUPLICATE, REJECTED }

    /**
     * @param index position in the input
     * @param eventId the event id as given (may be null when that was the problem)
     * @param status accepted, duplicate or rejected
     * @param error why it was rejected, naming the field; null otherwise
     */
    public record Outcome(int index, String eventId, Status status, String error) {
    }

    public long accepted() {
        return outcomes.stream().filter(o -> o.status() == Status.ACCEPTED).count();
    }

    public long duplicates() {
        return outcomes.stream().filter(o -> o.status() == Status.DUPLICATE).count();
    }

    public List<Outcome> rejected() {
        return outcomes.stream().filter(o -> o.status() == Status.REJECTED).toList();
    }
}
