package dev.sluice.server.api;

import java.util.List;

/**
 * One registered route, as listed by {@link dev.sluice.server.SluiceServer#routes()}.
 *
 * @param method HTTP method, upper case
 * @param path path template in OpenAPI form, e.g. {@code /api/queues/{queue}}
 * @param access who may call it
 * @param queryParameters the query parameters it takes; any other is refused with 400
 * @param stream whether it is a Server-Sent Event stream (credentials may then come in the query)
 */
public record Route(String method, String path, Access access, List<String> queryParameters, boolean stream) {
    public Route {
        queryParameters = List.copyOf(queryParameters);
    }
}
