package dev.sluice.leaderboard;

import java.time.Instant;

/**
 * One score event.
 *
 * @param eventId idempotency key: an id already ingested is reported as a duplicate and changes nothing
 * @param playerId the player
 * @param score the score, within the configured range
 * @param ts when it happened (event time), within the allowed lateness and future skew
 * @param payloadJson optional JSON, at most {@code maxPayloadBytes}
 */
public record ScoreEvent(String eventId, String playerId, long score, Instant ts, String payloadJson) {

    public static ScoreEvent of(String eventId, String playerId, long score, Instant ts) {
        return new ScoreEvent(eventId, playerId, score, ts, null);
    }
}
