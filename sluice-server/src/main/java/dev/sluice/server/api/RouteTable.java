package dev.sluice.server.api;

import dev.sluice.server.auth.BearerAuth;
import dev.sluice.server.auth.Principal;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Registers routes with their access rule and their query parameters, so that both are checked
 * before the handler runs (401/403 for access; 400 naming the allowed parameters for any other) and
 * the list of routes can be compared with the OpenAPI description.
 */
public final class RouteTable {

    /** The request attribute holding the {@link Principal} a handler runs for. */
    public static final String PRINCIPAL = "sluice.principal";
    /** Where an event stream takes credentials from a browser's EventSource. */
    private static final List<String> STREAM_CREDENTIALS = List.of("ticket", "access_token");

    private final RoutesConfig routes;
    private final BearerAuth auth;
    private final boolean publicLeaderboard;
    private final boolean publicMetrics;
    private final List<Route> registered = new ArrayList<>();

    public RouteTable(RoutesConfig routes, BearerAuth auth, boolean publicLeaderboard, boolean publicMetrics) {
        this.routes = routes;
        this.auth = auth;
        this.publicLeaderboard = publicLeaderboard;
        this.publicMetrics = publicMetrics;
    }

    /** A GET route taking the named query parameters (none when empty). */
    public void get(String path, Access access, Handler handler, String... queryParameters) {
        add(HandlerType.GET, path, access, handler, List.of(queryParameters), false);
    }

    /** A Server-Sent Event stream (GET): it may also take credentials as {@code ?ticket=} or {@code ?access_token=}. */
    public void stream(String path, Access access, Handler handler) {
        add(HandlerType.GET, path, access, handler, STREAM_CREDENTIALS, true);
    }

    public void post(String path, Access access, Handler handler) {
        add(HandlerType.POST, path, access, handler, List.of(), false);
    }

    public void put(String path, Access access, Handler handler) {
        add(HandlerType.PUT, path, access, handler, List.of(), false);
    }

    public void delete(String path, Access access, Handler handler) {
        add(HandlerType.DELETE, path, access, handler, List.of(), false);
    }

    private void add(HandlerType method, String path, Access access, Handler handler, List<String> query, boolean stream) {
        registered.add(new Route(method.name(), path, access, query, stream));
        Set<String> allowed = new LinkedHashSet<>(query);
        routes.addHttpHandler(method, path, ctx -> {
            checkQuery(ctx, allowed);
            Principal needed = needed(access);
            Principal who;
            java.util.Set<String> scope = access == Access.CONSUMER ? auth.consumerScope(ctx) : null;
            if (scope != null) {
                String queue = ctx.pathParam("queue");
                if (!scope.contains(queue)) {
                    throw new ApiException(403, "forbidden", "This consumer token may not consume queue \"" + queue
                            + "\"; it may consume: " + String.join(", ", new java.util.TreeSet<>(scope)) + ".");
                }
                who = Principal.ANONYMOUS; // a consumer: no read or admin rights beyond this route
            } else if (needed == Principal.ANONYMOUS) {
                // An open route ignores credentials it cannot use (a proxy's Basic auth, a stale token):
                // they only decide which stream limit a token holder counts against.
                try {
                    who = auth.authenticate(ctx, stream);
                } catch (ApiException notOurs) {
                    who = Principal.ANONYMOUS;
                }
            } else {
                who = auth.authenticate(ctx, stream);
                BearerAuth.require(ctx, who, needed);
            }
            ctx.attribute(PRINCIPAL, who);
            handler.handle(ctx);
        });
    }

    private Principal needed(Access access) {
        return switch (access) {
            case PUBLIC -> Principal.ANONYMOUS;
            case METRICS -> publicMetrics ? Principal.ANONYMOUS : Principal.READER;
            case LEADERBOARD_READ -> publicLeaderboard ? Principal.ANONYMOUS : Principal.READER;
            case READ -> Principal.READER;
            case TOKEN, CONSUMER -> Principal.ADMIN;
        };
    }

    /** Unknown query parameters are refused like unknown body fields: a misspelt one would otherwise be silently ignored. */
    private static void checkQuery(Context ctx, Set<String> allowed) {
        for (String name : ctx.queryParamMap().keySet()) {
            if (!allowed.contains(name)) {
                String message = name.equals("access_token")
                        ? "A token in the URL is accepted only by event streams; send the header Authorization: Bearer <token>."
                        : "Unknown query parameter \"" + name + "\"; " + (allowed.isEmpty() ? "this endpoint takes none."
                                : "this endpoint takes: " + String.join(", ", allowed) + ".");
                throw new ApiException(400, "unknown_parameter", message);
            }
        }
    }

    /** Every route registered so far. */
    public List<Route> routes() {
        return List.copyOf(registered);
    }
}
