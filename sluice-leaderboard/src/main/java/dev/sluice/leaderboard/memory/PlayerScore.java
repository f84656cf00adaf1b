package dev.sluice.leaderboard.memory;

import java.math.BigDecimal;
import java.util.Comparator;

/**
 * One player's aggregate in one window instance, as ranked in memory.
 *
 * @param player the player
 * @param best best score
 * @param reachedMicros event time (microseconds since the epoch, PostgreSQL's precision) at which {@code best} was first reached
 * @param total sum of scores, null unless sums are kept
 * @param events number of events
 */
public record PlayerScore(String player, long best, long reachedMicros, BigDecimal total, long events) {

    /** The ranking: best descending, then reached earlier, then player id ascending. */
    public static final Comparator<PlayerScore> RANKING = (a, b) -> {
        if (a.best != b.best) {
            return a.best > b.best ? -1 : 1;
        }
        if (a.reachedMicros != b.reachedMicros) {
            return a.reachedMicros < b.reachedMicros ? -1 : 1;
        }
        return a.player.compareTo(b.player);
    };
}
