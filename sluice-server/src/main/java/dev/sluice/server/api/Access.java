package dev.sluice.server.api;

/** Who may call a route. */
public enum Access {
    /** Anyone: health, readiness, the OpenAPI description, the dashboard page. */
    PUBLIC,
    /** Anyone when {@code publicMetrics} is on, otherwise the token holder. */
    METRICS,
    /** Anyone when {@code publicLeaderboard} is on, otherwise the token holder. */
    LEADERBOARD_READ,
    /** Only the holder of the bearer token: every write and every admin read. */
    TOKEN
}
