package dev.sluice.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.Sluice;
import dev.sluice.deadletter.DeadLetter;
import dev.sluice.queue.EnqueueResult;
import dev.sluice.queue.Message;
import dev.sluice.queue.QueueStats;
import dev.sluice.schema.Identifiers;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Queues: list, statistics, create, enqueue (single and batch), pause and resume, dead letters. */
public final class QueueRoutes {

    private static final Set<String> MESSAGE_FIELDS = Set.of("payload", "priority", "runAt", "idempotencyKey", "orderingKey");
    private static final Set<String> REDRIVE_FIELDS = Set.of("ids", "all");

    private final Sluice sluice;
    private final int maxBodyBytes;
    private final int maxBatchSize;

    public QueueRoutes(Sluice sluice, int maxBodyBytes, int maxBatchSize) {
        this.sluice = sluice;
        this.maxBodyBytes = maxBodyBytes;
        this.maxBatchSize = maxBatchSize;
    }

    /** Registers the routes; {@code stream} is the queue statistics SSE handler, registered before {@code {queue}}. */
    public void register(RouteTable table, io.javalin.http.Handler stream) {
        table.get("/api/queues", Access.READ, this::list);
        table.stream("/api/queues/stream", Access.READ, stream);
        table.get("/api/queues/{queue}", Access.READ, this::stats);
        table.put("/api/queues/{queue}", Access.TOKEN, this::create);
        table.post("/api/queues/{queue}/messages", Access.TOKEN, this::enqueue);
        table.post("/api/queues/{queue}/messages/batch", Access.TOKEN, this::enqueueBatch);
        table.post("/api/queues/{queue}/pause", Access.TOKEN, ctx -> pause(ctx, true));
        table.post("/api/queues/{queue}/resume", Access.TOKEN, ctx -> pause(ctx, false));
        table.get("/api/queues/{queue}/dead-letters", Access.READ, this::deadLetters, "after", "limit");
        table.post("/api/queues/{queue}/dead-letters/redrive", Access.TOKEN, this::redrive);
    }

    private void list(Context ctx) {
        Json.write(ctx, 200, Map.of("queues", sluice.queues().allStats()));
    }

    private void stats(Context ctx) {
        QueueStats stats = sluice.queues().stats(queue(ctx));
        Json.write(ctx, 200, stats);
    }

    private void create(Context ctx) {
        String queue = queue(ctx);
        boolean created = sluice.queues().create(queue);
        Json.write(ctx, created ? 201 : 200, Map.of("queue", queue, "created", created));
    }

    private void enqueue(Context ctx) {
        String queue = queue(ctx);
        JsonNode body = JsonBody.read(ctx, maxBodyBytes);
        List<String> errors = new ArrayList<>();
        Message message = message(body, "body", errors);
        Fields.throwIfAny(errors);
        EnqueueResult result = sluice.enqueue(queue, message);
        Json.write(ctx, result.duplicate() ? 200 : 201, result);
    }

    /** All or nothing: every message is checked first, then the batch is one statement in one transaction. */
    private void enqueueBatch(Context ctx) {
        String queue = queue(ctx);
        JsonNode body = JsonBody.read(ctx, maxBodyBytes);
        JsonNode items = Fields.batchItems(body, "messages", "messages", maxBatchSize);
        List<String> errors = new ArrayList<>();
        List<Message> messages = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            messages.add(message(items.get(i), "messages[" + i + "]", errors));
        }
        Fields.throwIfAny(errors);
        List<EnqueueResult> results = sluice.enqueueBatch(queue, messages);
        long duplicates = results.stream().filter(EnqueueResult::duplicate).count();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("enqueued", results.size() - duplicates);
        out.put("duplicates", duplicates);
        out.put("results", results);
        Json.write(ctx, 200, out);
    }

    private static Message message(JsonNode node, String path, List<String> errors) {
        int before = errors.size();
        Fields.requireObject(node, path, MESSAGE_FIELDS, errors);
        if (errors.size() > before) {
            return null;
        }
        JsonNode payload = node.get("payload");
        int priority = (int) Fields.optionalLong(node, "priority", path, Short.MIN_VALUE, Short.MAX_VALUE, 0, errors);
        Instant runAt = Fields.optionalInstant(node, "runAt", path, errors);
        String idempotencyKey = Fields.optionalString(node, "idempotencyKey", path, Message.MAX_KEY_LENGTH, errors);
        String orderingKey = Fields.optionalString(node, "orderingKey", path, Message.MAX_KEY_LENGTH, errors);
        if (errors.size() > before) {
            return null;
        }
        return Message.builder()
                .json(payload == null || payload.isNull() ? null : payload.toString())
                .priority(priority)
                .runAt(runAt)
                .idempotencyKey(idempotencyKey)
                .orderingKey(orderingKey)
                .build();
    }

    private void pause(Context ctx, boolean paused) {
        String queue = queue(ctx);
        if (paused) {
            sluice.queues().pause(queue);
        } else {
            sluice.queues().resume(queue);
        }
        Json.write(ctx, 200, Map.of("queue", queue, "paused", paused));
    }

    private void deadLetters(Context ctx) {
        String queue = queue(ctx);
        long after = longParam(ctx, "after", 0, 0, Long.MAX_VALUE);
        int limit = (int) longParam(ctx, "limit", 100, 1, 1000);
        sluice.queues().requireExists(queue);
        List<DeadLetter> letters = sluice.deadLetters().list(queue, after, limit);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("queue", queue);
        out.put("deadLetters", letters);
        out.put("next", letters.size() == limit ? letters.get(letters.size() - 1).id() : null);
        Json.write(ctx, 200, out);
    }

    private void redrive(Context ctx) {
        String queue = queue(ctx);
        JsonNode body = JsonBody.read(ctx, maxBodyBytes);
        List<String> errors = new ArrayList<>();
        Fields.requireObject(body, "body", REDRIVE_FIELDS, errors);
        Fields.throwIfAny(errors);
        JsonNode ids = body.get("ids");
        JsonNode all = body.get("all");
        boolean redriveAll = all != null && all.isBoolean() && all.booleanValue();
        if (all != null && !all.isBoolean()) {
            errors.add("body.all must be true or false");
        }
        List<Long> idList = new ArrayList<>();
        if (ids != null && !ids.isNull()) {
            if (!ids.isArray()) {
                errors.add("body.ids must be an array of dead letter ids");
            } else {
                for (int i = 0; i < ids.size(); i++) {
                    JsonNode id = ids.get(i);
                    if (!id.isIntegralNumber() || !id.canConvertToLong() || id.longValue() < 1) {
                        errors.add("body.ids[" + i + "] must be a positive whole number");
                    } else {
                        idList.add(id.longValue());
                    }
                }
                if (ids.size() > maxBatchSize) {
                    errors.add("body.ids has " + ids.size() + " ids; the limit is " + maxBatchSize);
                }
            }
        }
        if (errors.isEmpty() && redriveAll == !idList.isEmpty()) {
            errors.add("give either body.ids (a non-empty array) or body.all = true");
        }
        Fields.throwIfAny(errors);
        sluice.queues().requireExists(queue);
        List<Long> moved = redriveAll ? sluice.deadLetters().redriveAll(queue) : sluice.deadLetters().redrive(queue, idList);
        Json.write(ctx, 200, Map.of("queue", queue, "redriven", moved));
    }

    static String queue(Context ctx) {
        return Identifiers.queueName(ctx.pathParam("queue"));
    }

    static long longParam(Context ctx, String name, long fallback, long min, long max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < min || n > max) {
                throw ApiException.badRequest("Query parameter " + name + " must be between " + min + " and " + max + "; got " + n + ".");
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Query parameter " + name + " must be a whole number; got \"" + v + "\".");
        }
    }
}
