package dev.sluice.leaderboard;

import java.util.List;

/**
 * "Where am I": a player's standing with the players just above and below.
 *
 * @param player the player's standing
 * @param above players ranked just ahead, best first
 * @param below players ranked just behind, best first
 */
public record PlayerRank(Standing player, List<Standing> above, List<Standing> below) {
}
