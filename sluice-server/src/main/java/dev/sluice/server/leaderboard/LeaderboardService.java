package dev.sluice.server.leaderboard;

import dev.sluice.leaderboard.IngestResult;
import dev.sluice.leaderboard.Leaderboards;
import dev.sluice.leaderboard.PlayerRank;
import dev.sluice.leaderboard.ScoreEvent;
import dev.sluice.leaderboard.Snapshot;
import dev.sluice.leaderboard.Standing;
import dev.sluice.leaderboard.Window;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The service's one adapter over the {@code sluice-leaderboard} module, in the library's own types:
 * it orders the windows for the API and the dashboard ({@code all} first, the default) and otherwise
 * passes through. Closing closes the leaderboards.
 */
public final class LeaderboardService implements AutoCloseable {

    private final Leaderboards boards;
    private final List<String> windows;

    public LeaderboardService(Leaderboards boards) {
        this.boards = boards;
        List<String> names = new ArrayList<>(boards.config().windows().stream().map(Window::name).toList());
        if (names.remove("all")) {
            names.add(0, "all");
        }
        this.windows = List.copyOf(names);
    }

    /** The windows served; the first is the dashboard's default. */
    public List<String> windows() {
        return windows;
    }

    /** Whether the window is served. */
    public boolean serves(String window) {
        return windows.contains(window);
    }

    /** Ingests a batch in one transaction (see {@link Leaderboards#ingest(List)}). */
    public IngestResult ingest(List<ScoreEvent> events) {
        return boards.ingest(events);
    }

    /** Ranks {@code offset + 1 .. offset + limit} of the window's current instance, exact at the call (the
     *  in-memory standings first catch up with every transaction committed before it). */
    public List<Standing> top(String window, int offset, int limit) {
        return boards.top(window, Instant.now(), offset, limit);
    }

    /** The live top {@code limit} from the snapshot in memory (see {@link Leaderboards#liveTop}). */
    public List<Standing> liveTop(String window, int limit) {
        return boards.liveTop(window, limit);
    }

    /** The player's standing with up to {@code neighbours} above and below; empty when the player has no score. */
    public Optional<PlayerRank> rank(String window, String playerId, int neighbours) {
        return boards.rank(window, playerId, neighbours);
    }

    /** Every window's snapshot on each change (see {@link Leaderboards#subscribe}). */
    public AutoCloseable subscribe(Consumer<Snapshot> listener) {
        return boards.subscribe(listener);
    }

    @Override
    public void close() {
        boards.close();
    }
}
