-- Score events, partitioned by event time so that retention drops whole partitions.
-- Partitions are created ahead of time by PartitionManager (partition_create.sql).
CREATE TABLE {{schema}}.score_events (
    event_id     text        NOT NULL,
    player_id    text        NOT NULL,
    score        bigint      NOT NULL,
    ts           timestamptz NOT NULL,
    payload      jsonb,
    ingested_at  timestamptz NOT NULL DEFAULT now()
) PARTITION BY RANGE (ts);
CREATE INDEX ON {{schema}}.score_events (player_id, ts);

-- Idempotency: an event id is accepted once. A unique index on the partitioned events table would
-- have to include ts, so a retry with another timestamp would slip through; this table holds ids for
-- as long as an event can still be accepted (allowed lateness + future skew + a margin).
CREATE TABLE {{schema}}.score_event_ids (
    event_id     text        PRIMARY KEY,
    ts           timestamptz NOT NULL,
    ingested_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ON {{schema}}.score_event_ids (ingested_at);

-- Per player, per tumbling window: best score (and when it was first reached, for ties), sum and
-- count. The all-time window has window_start = epoch. Maintained in the ingest transaction.
CREATE TABLE {{schema}}.leaderboard_scores (
    window_name   text        NOT NULL,
    window_start  timestamptz NOT NULL,
    player_id     text        NOT NULL,
    best          bigint      NOT NULL,
    reached_at    timestamptz NOT NULL,
    total         numeric     NOT NULL,
    events        bigint      NOT NULL,
    PRIMARY KEY (window_name, window_start, player_id)
);
-- Top-N and rank are index range scans in ranking order: best desc, first reached, player id.
CREATE INDEX leaderboard_scores_rank ON {{schema}}.leaderboard_scores
    (window_name, window_start, best DESC, reached_at, player_id);
CREATE INDEX leaderboard_scores_rank_total ON {{schema}}.leaderboard_scores
    (window_name, window_start, total DESC, reached_at, player_id);

-- The live top-N of each window, recomputed every snapshot interval by one instance at a time and
-- announced with a small NOTIFY ({"window": ..., "version": ...}, far below the 8000-byte limit).
-- Servers read the snapshot once per announcement and push it to their clients.
CREATE TABLE {{schema}}.leaderboard_snapshots (
    window_name   text        PRIMARY KEY,
    window_start  timestamptz NOT NULL,
    version       bigint      NOT NULL,
    digest        text        NOT NULL,
    published_at  timestamptz NOT NULL,
    top           jsonb       NOT NULL
);
