package dev.sluice.server.api;

/** Who may call a route. */
public enum Access {
    /** Anyone: health, readiness, the OpenAPI description, the dashboard page. */
    PUBLIC,
    /** Anyone when {@code publicMetrics} is on, otherwise a token holder (read or admin). */
    METRICS,
    /** Anyone when {@code publicLeaderboard} is on, otherwise a token holder (read or admin). */
    LEADERBOARD_READ,
    /** The holder of the admin token or of the read-only token: queue statistics, dead letters, their streams. */
    READ,
    /** Only the holder of the admin token: every write (enqueue, create, pause, re-drive, score ingest). */
    TOKEN,
    /**
     * The admin token, or a consumer token whose scope holds the route's {@code {queue}}: claiming,
     * acknowledging, failing and extending leases (403 for a consumer token of other queues).
     */
    CONSUMER
}
