package dev.sluice.leaderboard;

import java.time.Instant;
import java.util.List;

/**
 * The live top-N of a window, as last published.
 *
 * @param window window name
 * @param windowStart start of the window instance it ranks
 * @param version increases by one each time the top-N changes
 * @param publishedAt when it was computed
 * @param top the standings, best first
 */
public record Snapshot(String window, Instant windowStart, long version, Instant publishedAt, List<Standing> top) {
}
