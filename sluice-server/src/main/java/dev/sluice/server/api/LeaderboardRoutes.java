package dev.sluice.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.leaderboard.IngestResult;
import dev.sluice.leaderboard.PlayerRank;
import dev.sluice.leaderboard.ScoreEvent;
import dev.sluice.leaderboard.Standing;
import dev.sluice.server.leaderboard.LeaderboardService;
import dev.sluice.server.leaderboard.LeaderboardStream;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** Score ingest (single and batch), top-N with pagination, a player's rank and neighbours, the live stream. */
public final class LeaderboardRoutes {

    /** Most entries one top-N read returns. */
    public static final int MAX_N = 1000;
    private static final int MAX_ID_LENGTH = 200;
    private static final Set<String> EVENT_FIELDS = Set.of("eventId", "playerId", "score", "ts", "payload");

    private final LeaderboardService backend;
    private final int maxBodyBytes;
    private final int maxBatchSize;

    public LeaderboardRoutes(LeaderboardService backend, int maxBodyBytes, int maxBatchSize) {
        this.backend = backend;
        this.maxBodyBytes = maxBodyBytes;
        this.maxBatchSize = maxBatchSize;
    }

    /** Registers the routes; {@code stream} maps a window's hub to its SSE handler. */
    public void register(RouteTable table, LeaderboardStream stream, Function<dev.sluice.server.sse.SseHub, Handler> streamHandler) {
        table.post("/api/scores", Access.TOKEN, this::ingestOne);
        table.post("/api/scores/batch", Access.TOKEN, this::ingestBatch);
        table.get("/api/leaderboard/windows", Access.LEADERBOARD_READ, ctx -> Json.write(ctx, 200, Map.of("windows", backend.windows())));
        table.get("/api/leaderboard/{window}", Access.LEADERBOARD_READ, this::top, "n", "offset", "live");
        table.get("/api/leaderboard/{window}/players/{playerId}", Access.LEADERBOARD_READ, this::rank, "neighbours");
        // one handler per window, made on first use by whichever request thread comes first
        Map<String, Handler> handlers = new ConcurrentHashMap<>();
        table.stream("/api/leaderboard/{window}/stream", Access.LEADERBOARD_READ, ctx -> {
            String window = window(ctx);
            handlers.computeIfAbsent(window, w -> streamHandler.apply(stream.hub(w))).handle(ctx);
        });
    }

    private void ingestOne(Context ctx) {
        JsonNode body = JsonBody.read(ctx, maxBodyBytes);
        List<String> errors = new ArrayList<>();
        ScoreEvent event = event(body, "body", Instant.now(), errors);
        Fields.throwIfAny(errors);
        IngestResult outcome = backend.ingest(List.of(event));
        if (!outcome.rejected().isEmpty()) {
            throw ApiException.badRequest("The event was refused: " + outcome.rejected().get(0).error());
        }
        Json.write(ctx, outcome.duplicates() == 0 ? 201 : 200, LeaderboardJson.outcome(outcome));
    }

    /** Every event is checked for shape and types first; a malformed batch writes nothing (400). */
    private void ingestBatch(Context ctx) {
        JsonNode body = JsonBody.read(ctx, maxBodyBytes);
        JsonNode items = Fields.batchItems(body, "events", "score events", maxBatchSize);
        List<String> errors = new ArrayList<>();
        List<ScoreEvent> events = new ArrayList<>(items.size());
        Instant now = Instant.now();
        for (int i = 0; i < items.size(); i++) {
            events.add(event(items.get(i), "events[" + i + "]", now, errors));
        }
        Fields.throwIfAny(errors);
        Json.write(ctx, 200, LeaderboardJson.outcome(backend.ingest(events)));
    }

    /** The event at {@code path}; an absent {@code ts} means {@code now}. */
    private static ScoreEvent event(JsonNode node, String path, Instant now, List<String> errors) {
        int before = errors.size();
        Fields.requireObject(node, path, EVENT_FIELDS, errors);
        if (errors.size() > before) {
            return null;
        }
        String eventId = Fields.requiredString(node, "eventId", path, MAX_ID_LENGTH, errors);
        String playerId = Fields.requiredString(node, "playerId", path, MAX_ID_LENGTH, errors);
        long score = Fields.requiredLong(node, "score", path, Long.MIN_VALUE, Long.MAX_VALUE, errors);
        Instant ts = Fields.optionalInstant(node, "ts", path, errors);
        JsonNode payload = node.get("payload");
        if (errors.size() > before) {
            return null;
        }
        return new ScoreEvent(eventId, playerId, score, ts == null ? now : ts, payload == null || payload.isNull() ? null : payload.toString());
    }

    private void top(Context ctx) {
        String window = window(ctx);
        int n = (int) QueueRoutes.longParam(ctx, "n", 100, 1, MAX_N);
        int offset = (int) QueueRoutes.longParam(ctx, "offset", 0, 0, 1_000_000);
        boolean live = booleanParam(ctx, "live");
        if (live && offset != 0) {
            throw ApiException.badRequest("live=true serves the live top-N and cannot be combined with offset; drop one of them.");
        }
        List<Standing> standings = live ? backend.liveTop(window, n) : backend.top(window, offset, n);
        List<Map<String, Object>> entries = LeaderboardJson.entries(standings);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("window", window);
        out.put("offset", offset);
        out.put("entries", entries);
        out.put("nextOffset", entries.size() == n ? offset + n : null);
        Json.write(ctx, 200, out);
    }

    private static boolean booleanParam(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw ApiException.badRequest("Query parameter " + name + " must be true or false; got \"" + value + "\".");
    }

    private void rank(Context ctx) {
        String window = window(ctx);
        String playerId = ctx.pathParam("playerId");
        if (playerId.length() > MAX_ID_LENGTH) {
            throw ApiException.badRequest("playerId is " + playerId.length() + " characters long; the limit is " + MAX_ID_LENGTH + ".");
        }
        int neighbours = (int) QueueRoutes.longParam(ctx, "neighbours", 5, 0, 100);
        PlayerRank rank = backend.rank(window, playerId, neighbours)
                .orElseThrow(() -> ApiException.notFound("Player \"" + playerId + "\" has no score in window \"" + window + "\"."));
        Json.write(ctx, 200, LeaderboardJson.rank(rank));
    }

    private String window(Context ctx) {
        String window = ctx.pathParam("window");
        if (!backend.serves(window)) {
            throw new ApiException(404, "unknown_window", "Leaderboard window \"" + window + "\" does not exist; the windows are "
                    + backend.windows() + ".");
        }
        return window;
    }
}
