package dev.sluice.server.api;

/**
 * One registered route, as listed by {@link dev.sluice.server.SluiceServer#routes()}.
 *
 * @param method HTTP method, upper case
 * @param path path template in OpenAPI form, e.g. {@code /api/queues/{queue}}
 * @param access who may call it
 */
public record Route(String method, String path, Access access) {
}
