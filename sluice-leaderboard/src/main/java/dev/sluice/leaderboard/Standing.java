package dev.sluice.leaderboard;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A player's place in one window. Ranking: best score descending, then whoever reached it first,
 * then player id ascending; so ties are broken deterministically and a rank never changes without
 * a new event.
 *
 * @param rank 1-based
 * @param playerId the player
 * @param best best score in the window (the max aggregate)
 * @param total sum of scores in the window; null unless {@link Aggregate#SUM} is kept
 * @param events number of events in the window; null unless {@link Aggregate#COUNT} is kept
 * @param reachedAt event time at which {@code best} was first reached
 */
public record Standing(long rank, String playerId, long best, BigDecimal total, Long events, Instant reachedAt) {
}
