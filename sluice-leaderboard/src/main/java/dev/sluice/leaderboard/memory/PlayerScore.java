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

    /** This aggregate with one more event folded in (max, earliest time of the max, sum, count). */
    PlayerScore with(long score, long tsMicros, boolean sums) {
        long b = best;
        long r = reachedMicros;
        if (score > best) {
            b = score;
            r = tsMicros;
        } else if (score == best && tsMicros < reachedMicros) {
            r = tsMicros;
        }
        return new PlayerScore(player, b, r, sums ? total.add(BigDecimal.valueOf(score)) : null, events + 1);
    }

    static PlayerScore first(String player, long score, long tsMicros, boolean sums) {
        return new PlayerScore(player, score, tsMicros, sums ? BigDecimal.valueOf(score) : null, 1);
    }

    /** Whether the ranking key (best, reached) differs from {@code other}'s. */
    boolean movedFrom(PlayerScore other) {
        return best != other.best || reachedMicros != other.reachedMicros;
    }
}
