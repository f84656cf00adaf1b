package dev.sluice.bench.leaderboard;

import dev.sluice.leaderboard.Leaderboards;
import dev.sluice.leaderboard.ScoreEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Sluice's leaderboards as a {@link Board}: the batch API, every default window (1s, 1m, 1h, 1d, all).
 * Its backlog is what this process's tail has not read into its in-memory standings yet.
 */
final class SluiceBoard implements Board {

    private final Leaderboards boards;

    SluiceBoard(Leaderboards boards) {
        this.boards = boards;
    }

    Leaderboards boards() {
        return boards;
    }

    @Override
    public int ingest(List<ScoreSource.Score> batch) {
        Instant now = Instant.now();
        List<ScoreEvent> events = new ArrayList<>(batch.size());
        for (ScoreSource.Score s : batch) {
            events.add(ScoreEvent.of(s.id(), s.player(), s.score(), now));
        }
        return (int) boards.ingest(events).accepted();
    }

    @Override
    public long backlog() {
        return boards.unfolded();
    }

    @Override
    public void drain() {
        boards.fold();
    }

    /** Drains, then writes the checkpoint of what was read: a phase starts with no backlog of either kind. */
    void settle() {
        drain();
        boards.checkpoint();
    }
}
