package dev.sluice.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.DurationText;
import dev.sluice.Sluice;
import dev.sluice.schedule.CatchUp;
import dev.sluice.schedule.DefineResult;
import dev.sluice.schedule.InvalidScheduleException;
import dev.sluice.schedule.Schedule;
import dev.sluice.schedule.ScheduleInfo;
import dev.sluice.schedule.ScheduleOptions;
import dev.sluice.schedule.Schedules;
import dev.sluice.schedule.UnknownScheduleException;
import dev.sluice.schema.Identifiers;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Schedules: list, read, define (create or change), remove, pause and resume. */
public final class ScheduleRoutes {

    private static final Set<String> DEFINE_FIELDS = Set.of("queue", "cron", "zone", "every", "payload", "priority", "catchUp", "grace");

    private final Sluice sluice;
    private final int maxBodyBytes;

    public ScheduleRoutes(Sluice sluice, int maxBodyBytes) {
        this.sluice = sluice;
        this.maxBodyBytes = maxBodyBytes;
    }

    public void register(RouteTable table) {
        table.get("/api/schedules", Access.READ, ctx -> Json.write(ctx, 200, Map.of("schedules", sluice.schedules().list())));
        table.get("/api/schedules/{schedule}", Access.READ, ctx -> Json.write(ctx, 200, sluice.schedules().get(name(ctx))));
        table.put("/api/schedules/{schedule}", Access.TOKEN, this::define);
        table.delete("/api/schedules/{schedule}", Access.TOKEN, this::remove);
        table.post("/api/schedules/{schedule}/pause", Access.TOKEN, ctx -> pause(ctx, true));
        table.post("/api/schedules/{schedule}/resume", Access.TOKEN, ctx -> pause(ctx, false));
    }

    private static String name(Context ctx) {
        return Schedules.checkName(ctx.pathParam("schedule"));
    }

    /** Every field is checked first and all errors are reported together; then one define. */
    private void define(Context ctx) {
        String name = name(ctx);
        JsonNode body = JsonBody.read(ctx, maxBodyBytes);
        List<String> errors = new ArrayList<>();
        Fields.requireObject(body, "body", DEFINE_FIELDS, errors);
        Fields.throwIfAny(errors);
        String queue = Fields.requiredString(body, "queue", "body", Identifiers.MAX_QUEUE_NAME_LENGTH, errors);
        String cron = Fields.optionalString(body, "cron", "body", Schedule.MAX_EXPRESSION_LENGTH, errors);
        String zone = Fields.optionalString(body, "zone", "body", 100, errors);
        String every = Fields.optionalString(body, "every", "body", 40, errors);
        int priority = (int) Fields.optionalLong(body, "priority", "body", Short.MIN_VALUE, Short.MAX_VALUE, 0, errors);
        String catchUpText = Fields.optionalString(body, "catchUp", "body", 10, errors);
        String graceText = Fields.optionalString(body, "grace", "body", 40, errors);
        if (body.hasNonNull("cron") == body.hasNonNull("every")) {
            errors.add("give exactly one of body.cron (e.g. \"0 3 * * *\") or body.every (e.g. \"5m\")");
        }
        if (zone != null && every != null) {
            errors.add("body.zone applies to body.cron only; intervals tick on the UTC epoch grid");
        }
        Schedule schedule = null;
        CatchUp catchUp = CatchUp.ONE;
        Duration grace = ScheduleOptions.DEFAULTS.grace();
        try {
            if (errors.isEmpty()) {
                schedule = cron != null ? Schedule.cron(cron, zone == null ? "UTC" : zone) : Schedule.every(duration(every, "every"));
            }
        } catch (InvalidScheduleException | IllegalArgumentException e) {
            errors.add((cron != null ? "body.cron: " : "body.every: ") + sentence(e.getMessage()));
        }
        try {
            if (catchUpText != null) {
                catchUp = CatchUp.parse(catchUpText);
            }
        } catch (InvalidScheduleException e) {
            errors.add("body.catchUp must be \"skip\", \"one\" or \"all\"; got \"" + catchUpText + "\"");
        }
        try {
            if (graceText != null) {
                grace = duration(graceText, "grace");
            }
        } catch (IllegalArgumentException e) {
            errors.add("body.grace: " + sentence(e.getMessage()));
        }
        ScheduleOptions options = null;
        try {
            options = new ScheduleOptions(catchUp, grace, priority);
        } catch (InvalidScheduleException e) {
            errors.add("body." + sentence(e.getMessage()));
        }
        Fields.throwIfAny(errors);
        JsonNode payload = body.get("payload");
        DefineResult result = sluice.schedules().defineJson(name, schedule, Identifiers.queueName(queue),
                payload == null || payload.isNull() ? null : payload.toString(), options);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("result", result.name().toLowerCase(Locale.ROOT));
        out.put("schedule", sluice.schedules().get(name));
        Json.write(ctx, result == DefineResult.CREATED ? 201 : 200, out);
    }

    /** A message without its final period, to sit inside the combined error message. */
    private static String sentence(String message) {
        return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
    }

    private static Duration duration(String text, String field) {
        Duration d = DurationText.parse(text);
        if (d.isNegative()) {
            throw new IllegalArgumentException(field + " must not be negative; got " + text + ".");
        }
        return d;
    }

    private void remove(Context ctx) {
        String name = name(ctx);
        if (!sluice.schedules().remove(name)) {
            throw new UnknownScheduleException(name);
        }
        Json.write(ctx, 200, Map.of("schedule", name, "removed", true));
    }

    private void pause(Context ctx, boolean paused) {
        String name = name(ctx);
        if (paused) {
            sluice.schedules().pause(name);
        } else {
            sluice.schedules().resume(name);
        }
        ScheduleInfo info = sluice.schedules().get(name);
        Json.write(ctx, 200, info);
    }
}
