package dev.sluice.server.leaderboard;

import dev.sluice.leaderboard.IngestResult;
import dev.sluice.leaderboard.Leaderboards;
import dev.sluice.leaderboard.Standing;
import dev.sluice.leaderboard.Window;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The service's leaderboard over the {@code sluice-leaderboard} module: windowed aggregates
 * maintained at ingest, partitioned events, snapshots announced by NOTIFY.
 */
public final class LeaderboardsBackend implements LeaderboardBackend, AutoCloseable {

    private final Leaderboards boards;
    private final List<String> windows;

    public LeaderboardsBackend(Leaderboards boards) {
        this.boards = boards;
        // "all" first: the dashboard's default window.
        List<String> names = new ArrayList<>(boards.config().windows().stream().map(Window::name).toList());
        if (names.remove("all")) {
            names.add(0, "all");
        }
        this.windows = List.copyOf(names);
    }

    @Override
    public List<String> windows() {
        return windows;
    }

    @Override
    public IngestOutcome ingest(List<ScoreEvent> events) {
        List<dev.sluice.leaderboard.ScoreEvent> mapped = new ArrayList<>(events.size());
        Instant now = Instant.now();
        for (ScoreEvent e : events) {
            mapped.add(e == null ? null : new dev.sluice.leaderboard.ScoreEvent(e.eventId(), e.playerId(), e.score(),
                    e.ts() == null ? now : e.ts(), e.payloadJson()));
        }
        IngestResult result = boards.ingest(mapped);
        List<Integer> duplicates = new ArrayList<>();
        List<IndexError> errors = new ArrayList<>();
        for (IngestResult.Outcome o : result.outcomes()) {
            switch (o.status()) {
                case DUPLICATE -> duplicates.add(o.index());
                case REJECTED -> errors.add(new IndexError(o.index(), o.error()));
                default -> { }
            }
        }
        return new IngestOutcome((int) result.accepted(), duplicates, errors);
    }

    @Override
    public List<Entry> top(String window, int offset, int limit) {
        check(window);
        return boards.top(window, Instant.now(), offset, limit).stream().map(LeaderboardsBackend::entry).toList();
    }

    @Override
    public List<Entry> liveTop(String window, int limit) {
        check(window);
        return boards.liveTop(window, limit).stream().map(LeaderboardsBackend::entry).toList();
    }

    @Override
    public PlayerRank rank(String window, String playerId, int neighbours) {
        check(window);
        return boards.rank(window, playerId, neighbours)
                .map(r -> new PlayerRank(entry(r.player()), r.above().stream().map(LeaderboardsBackend::entry).toList(),
                        r.below().stream().map(LeaderboardsBackend::entry).toList()))
                .orElse(null);
    }

    @Override
    public AutoCloseable subscribe(Consumer<Snapshot> listener) {
        return boards.subscribe(s -> listener.accept(new Snapshot(s.window(), s.publishedAt(),
                s.top().stream().map(LeaderboardsBackend::entry).toList())));
    }

    private void check(String window) {
        if (!windows.contains(window)) {
            throw new UnknownWindowException(window, windows);
        }
    }

    private static Entry entry(Standing s) {
        return new Entry(s.rank(), s.playerId(), s.best());
    }

    @Override
    public void close() {
        boards.close();
    }
}
