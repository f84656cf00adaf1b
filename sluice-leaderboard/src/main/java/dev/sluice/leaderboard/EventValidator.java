package dev.sluice.leaderboard;

import dev.sluice.queue.InvalidMessageException;
import dev.sluice.queue.PayloadCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Checks one event against the configuration; returns the reason it is rejected, or null. */
final class EventValidator {
    static final int MAX_ID_LENGTH = 200;

    private final LeaderboardConfig config;

    EventValidator(LeaderboardConfig config) {
        this.config = config;
    }

    String problem(ScoreEvent e, Instant now) {
        if (e == null) {
            return "event is missing";
        }
        if (e.eventId() == null || e.eventId().isBlank()) {
            return "eventId is required";
        }
        if (e.eventId().length() > MAX_ID_LENGTH) {
            return "eventId is longer than " + MAX_ID_LENGTH + " characters";
        }
        if (e.playerId() == null || e.playerId().isBlank()) {
            return "playerId is required";
        }
        if (e.playerId().length() > MAX_ID_LENGTH) {
            return "playerId is longer than " + MAX_ID_LENGTH + " characters";
        }
        if (e.eventId().indexOf('\u0000') >= 0 || e.playerId().indexOf('\u0000') >= 0) {
            return "eventId and playerId must not contain NUL characters";
        }
        if (e.score() < config.minScore() || e.score() > config.maxScore()) {
            return "score " + e.score() + " is outside the allowed range " + config.minScore() + ".." + config.maxScore();
        }
        if (e.ts() == null) {
            return "ts is required";
        }
        if (e.ts().isAfter(now.plus(config.maxFutureSkew()))) {
            return "ts " + e.ts() + " is more than " + config.maxFutureSkew().toSeconds() + " s in the future";
        }
        if (e.ts().isBefore(now.minus(config.allowedLateness()))) {
            return "ts " + e.ts() + " is older than the allowed lateness of " + config.allowedLateness();
        }
        if (e.payloadJson() != null) {
            int bytes = e.payloadJson().getBytes(StandardCharsets.UTF_8).length;
            if (bytes > config.maxPayloadBytes()) {
                return "payload is " + bytes + " bytes; the limit is " + config.maxPayloadBytes();
            }
            if (e.payloadJson().indexOf('\u0000') >= 0) {
                return "payload contains a NUL character";
            }
            try {
                PayloadCodec.requireValidJson(e.payloadJson());
            } catch (InvalidMessageException ex) {
                return "payload: " + ex.getMessage();
            }
        }
        return null;
    }
}
