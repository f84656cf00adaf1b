package dev.sluice.server.api;

import dev.sluice.leaderboard.IngestResult;
import dev.sluice.leaderboard.PlayerRank;
import dev.sluice.leaderboard.Standing;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The API's JSON shapes of the library's leaderboard types: an entry is {@code {rank, playerId, score}}. */
public final class LeaderboardJson {

    private LeaderboardJson() {
    }

    public static Map<String, Object> entry(Standing s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rank", s.rank());
        out.put("playerId", s.playerId());
        out.put("score", s.best());
        return out;
    }

    public static List<Map<String, Object>> entries(List<Standing> standings) {
        return standings.stream().map(LeaderboardJson::entry).toList();
    }

    /** {@code {player, above, below}}. */
    public static Map<String, Object> rank(PlayerRank r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("player", entry(r.player()));
        out.put("above", entries(r.above()));
        out.put("below", entries(r.below()));
        return out;
    }

    /** {@code {accepted, duplicates: [index...], errors: [{index, message}...]}}. */
    public static Map<String, Object> outcome(IngestResult result) {
        List<Integer> duplicates = result.outcomes().stream().filter(o -> o.status() == IngestResult.Status.DUPLICATE)
                .map(IngestResult.Outcome::index).toList();
        List<Map<String, Object>> errors = result.rejected().stream().map(o -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("index", o.index());
            e.put("message", o.error());
            return e;
        }).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accepted", result.accepted());
        out.put("duplicates", duplicates);
        out.put("errors", errors);
        return out;
    }
}
