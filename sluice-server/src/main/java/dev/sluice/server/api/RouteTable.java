package dev.sluice.server.api;

import dev.sluice.server.auth.BearerAuth;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;

/**
 * Registers routes with their access rule, so that the rule is checked before the handler runs
 * and the list of routes can be compared with the OpenAPI description.
 */
public final class RouteTable {

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

    public void get(String path, Access access, Handler handler) {
        add(HandlerType.GET, path, access, handler);
    }

    public void post(String path, Access access, Handler handler) {
        add(HandlerType.POST, path, access, handler);
    }

    public void put(String path, Access access, Handler handler) {
        add(HandlerType.PUT, path, access, handler);
    }

    public void delete(String path, Access access, Handler handler) {
        add(HandlerType.DELETE, path, access, handler);
    }

    private void add(HandlerType method, String path, Access access, Handler handler) {
        registered.add(new Route(method.name(), path, access));
        routes.addHttpHandler(method, path, ctx -> {
            check(access, ctx);
            handler.handle(ctx);
        });
    }

    private void check(Access access, Context ctx) {
        boolean open = switch (access) {
            case PUBLIC -> true;
            case METRICS -> publicMetrics;
            case LEADERBOARD_READ -> publicLeaderboard;
            case TOKEN -> false;
        };
        if (!open) {
            auth.require(ctx);
        }
    }

    /** Every route registered so far. */
    public List<Route> routes() {
        return List.copyOf(registered);
    }
}
