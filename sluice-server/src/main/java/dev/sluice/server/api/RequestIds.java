package dev.sluice.server.api;

import io.javalin.http.Context;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * A request id on every request and response ({@code X-Request-Id}): the one a proxy sent if it
 * looks like an id, else a new one. Error bodies carry it, and the log lines of 5xx answers name it,
 * so the detail a response does not echo can be found.
 */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    private static final String ATTRIBUTE = "sluice.requestId";
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private RequestIds() {
    }

    public static void assign(Context ctx) {
        String given = ctx.header(HEADER);
        String id = given != null && ACCEPTED.matcher(given).matches() ? given
                : Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
        ctx.attribute(ATTRIBUTE, id);
        ctx.header(HEADER, id);
    }

    /** This request's id (assigned now if the before-handler did not run). */
    public static String of(Context ctx) {
        String id = ctx.attribute(ATTRIBUTE);
        if (id == null) {
            assign(ctx);
            id = ctx.attribute(ATTRIBUTE);
        }
        return id;
    }
}
