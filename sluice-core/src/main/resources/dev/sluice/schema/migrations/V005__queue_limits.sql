-- Global limits per queue (dev.sluice.worker.ClaimGate), enforced in PostgreSQL so that they hold
-- across processes and machines, and read at every claim so that a change applies at once.
--   max_concurrent_batches: at most this many batches of the queue run at once in the whole cluster.
--     A batch runs only while its transaction holds one of the transaction-level advisory locks
--     (hashtext(<lock name>), 1..N) (worker/gate_slot.sql); commit, rollback, a killed process and a
--     lost connection all release it, so no slot can leak.
--   rate_limit / rate_burst: a token bucket of rate_burst tokens refilled at rate_limit per second;
--     a claim takes up to batchSize tokens first and claims at most what it got (take_tokens below).
-- Null means unlimited.
ALTER TABLE {{schema}}.queues
    ADD COLUMN max_concurrent_batches int              CHECK (max_concurrent_batches BETWEEN 1 AND 10000),
    ADD COLUMN rate_limit             double precision CHECK (rate_limit > 0 AND rate_limit <= 1000000),
    ADD COLUMN rate_burst             int              CHECK (rate_burst BETWEEN 1 AND 1000000),
    ADD CONSTRAINT queues_burst_needs_rate CHECK (rate_burst IS NULL OR rate_limit IS NOT NULL);

-- One row per rate-limited queue, created on its first claim. Kept out of the queues row, which
-- the counter flush updates every second from every process.
CREATE TABLE {{schema}}.rate_buckets (
    queue        text             PRIMARY KEY REFERENCES {{schema}}.queues (name) ON DELETE CASCADE,
    tokens       double precision NOT NULL,
    refilled_at  timestamptz      NOT NULL
);

-- Takes up to p_want whole tokens from the queue's bucket: refills it by the time elapsed since its
-- last refill (capped at the burst), grants min(p_want, whole tokens available) and, when it grants
-- none, says in how many milliseconds one token will be there. Unlimited queues get p_want.
-- INVARIANT: the bucket row is locked for this one statement only (never inside a batch transaction,
-- which would serialise the queue's workers for a whole batch), and level never exceeds the burst,
-- so over any interval of t seconds at most burst + t * rate tokens are granted.
CREATE FUNCTION {{schema}}.take_tokens(p_queue text, p_want int, OUT granted int, OUT wait_ms int)
LANGUAGE plpgsql AS $$
DECLARE
    v_rate  float8;
    v_burst float8;
    v_level float8;
    v_now   timestamptz := clock_timestamp();
BEGIN
    SELECT q.rate_limit, coalesce(q.rate_burst, greatest(1, ceil(q.rate_limit / 20)))
    INTO v_rate, v_burst
    FROM {{schema}}.queues q WHERE q.name = p_queue;
    IF v_rate IS NULL THEN
        granted := p_want;
        wait_ms := 0;
        RETURN;
    END IF;
    INSERT INTO {{schema}}.rate_buckets (queue, tokens, refilled_at) VALUES (p_queue, v_burst, v_now)
    ON CONFLICT (queue) DO NOTHING;
    SELECT least(v_burst, b.tokens + greatest(0, extract(epoch FROM v_now - b.refilled_at)) * v_rate)
    INTO v_level
    FROM {{schema}}.rate_buckets b WHERE b.queue = p_queue FOR UPDATE;
    granted := greatest(0, least(p_want, floor(v_level)))::int;
    UPDATE {{schema}}.rate_buckets SET tokens = v_level - granted, refilled_at = v_now WHERE queue = p_queue;
    wait_ms := CASE WHEN granted > 0 THEN 0 ELSE greatest(1, ceil((1 - v_level) / v_rate * 1000))::int END;
END
$$;

-- Gives back tokens taken but not used (the claim found fewer messages), never above the burst.
CREATE FUNCTION {{schema}}.return_tokens(p_queue text, p_unused int) RETURNS void
LANGUAGE sql AS $$
    UPDATE {{schema}}.rate_buckets b
    SET tokens = least(coalesce(q.rate_burst, greatest(1, ceil(q.rate_limit / 20))), b.tokens + p_unused)
    FROM {{schema}}.queues q
    WHERE b.queue = p_queue AND q.name = p_queue AND q.rate_limit IS NOT NULL
$$;
