package dev.sluice.server.leaderboard;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the service needs from a leaderboard: ingest, top-N, a player's rank with neighbours, and a
 * per-second snapshot subscription. The service talks only to this interface, so the HTTP layer
 * does not depend on how the leaderboard stores or computes its ranking; an adapter over the
 * {@code sluice-leaderboard} module implements it.
 */
public interface LeaderboardBackend {

    /** The windows served, e.g. {@code all}, {@code day}; the first is the dashboard's default. */
    List<String> windows();

    /**
     * Ingests score events in one transaction. Events whose {@code eventId} was already ingested are
     * reported as duplicates and not counted again.
     */
    IngestOutcome ingest(List<ScoreEvent> events);

    /** Entries ranked {@code offset + 1 .. offset + limit} of the window. */
    List<Entry> top(String window, int offset, int limit);

    /**
     * The top {@code limit} as last published (at most about a second behind), served from memory
     * when the backend keeps the live snapshot; by default the same as {@code top(window, 0, limit)}.
     */
    default List<Entry> liveTop(String window, int limit) {
        return top(window, 0, limit);
    }

    /** The player's entry with up to {@code neighbours} entries above and below; null when the player has no score. */
    PlayerRank rank(String window, String playerId, int neighbours);

    /**
     * Calls {@code listener} with each new snapshot of every window (about twice a second by default, driven by
     * the database's NOTIFY). Closing the returned handle stops the calls.
     */
    AutoCloseable subscribe(Consumer<Snapshot> listener);

    /** One score event. {@code ts} null means now; {@code payloadJson} may be null. */
    record ScoreEvent(String eventId, String playerId, long score, Instant ts, String payloadJson) {
    }

    /** One refused event of a batch. */
    record IndexError(int index, String message) {
    }

    /** Result of an ingest: how many were new, the indexes of duplicates, the indexes refused. */
    record IngestOutcome(int accepted, List<Integer> duplicates, List<IndexError> errors) {
    }

    /** A ranked player. Rank 1 is the highest score. */
    record Entry(long rank, String playerId, long score) {
    }

    /** A player's entry and the entries just above and below it. */
    record PlayerRank(Entry player, List<Entry> above, List<Entry> below) {
    }

    /** The top of one window at one moment. */
    record Snapshot(String window, Instant at, List<Entry> top) {
    }

    /** Thrown for a window the leaderboard does not serve (becomes 404). */
    final class UnknownWindowException extends RuntimeException {
        public UnknownWindowException(String window, List<String> windows) {
            super("Leaderboard window \"" + window + "\" does not exist; the windows are " + windows + ".");
        }
    }
}
