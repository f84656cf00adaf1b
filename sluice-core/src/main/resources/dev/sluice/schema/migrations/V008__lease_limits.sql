-- Global limits (V005) for leased consumers too (dev.sluice.lease): a lease claim takes rate tokens
-- like a batch does, and on a queue with max_concurrent_batches it takes one of the same N slots a
-- batch transaction takes, and holds it until every message it leased is acknowledged, failed or
-- past its deadline (the lease's deadline, as its heartbeat or an extension moved it).
--
-- A slot s of a queue is busy while
--   (a) a transaction holds the advisory lock (key, s): a batch transaction for as long as it runs
--       (worker/gate_slot.sql), a lease claim for the one statement of its claim; or
--   (b) lease_slots has (queue, s) with a token that still has a live lease (deadline not passed).
-- An acknowledgement, failure or expiry frees the slot by itself: nothing updates lease_slots, whose
-- row for s is simply replaced by the next claim that takes s.
-- INVARIANT: at most max_concurrent_batches batches and lease claims of a queue hold slots at once,
-- across every process. Every taker gets the lock (key, s) before it checks (b), with a snapshot
-- taken after the lock was granted (take_slot is VOLATILE, so each statement in it sees what had
-- committed when that statement began): a lease claim that took s committed while holding the lock,
-- so whoever gets the lock after it sees its row; and while anyone holds the lock, nobody else can
-- take s. Missing a freed slot only makes the limit stricter for a moment, never looser.
CREATE TABLE {{schema}}.lease_slots (
    queue     text        NOT NULL REFERENCES {{schema}}.queues (name) ON DELETE CASCADE,
    slot      int         NOT NULL,
    token     uuid        NOT NULL,
    taken_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (queue, slot)
);

-- The slots that live lease claims of the queue hold now, (b) above.
CREATE FUNCTION {{schema}}.lease_slots_held(p_queue text) RETURNS SETOF int
LANGUAGE sql STABLE AS $$
    SELECT s.slot FROM {{schema}}.lease_slots s
    WHERE s.queue = p_queue
      AND EXISTS (SELECT 1 FROM {{schema}}.leases l
                  WHERE l.token = s.token AND l.queue = p_queue AND l.deadline > clock_timestamp())
$$;

-- Takes a free slot of the queue for the calling (READ COMMITTED) transaction: the lock (p_key, s)
-- for the first s in 1..max_concurrent_batches that no live lease claim holds. With p_token (a lease
-- claim) the slot is also recorded for that token, so it outlives the transaction. Returns the slot,
-- 0 when the queue has no concurrency limit, null when every slot is busy.
-- A lock taken on a slot found lease-held on the second look stays until the transaction ends
-- (transaction-level advisory locks cannot be given back): stricter for a moment, never looser.
CREATE FUNCTION {{schema}}.take_slot(p_queue text, p_key int, p_token uuid) RETURNS int
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_max  int;
    v_slot int;
BEGIN
    SELECT q.max_concurrent_batches INTO v_max FROM {{schema}}.queues q WHERE q.name = p_queue;
    IF v_max IS NULL THEN
        RETURN 0;
    END IF;
    FOR v_slot IN
        SELECT n FROM generate_series(1, v_max) AS g(n)
        EXCEPT SELECT * FROM {{schema}}.lease_slots_held(p_queue)
        ORDER BY 1
    LOOP
        IF pg_try_advisory_xact_lock(p_key, v_slot) THEN
            -- A separate statement, so a fresh snapshot: it sees every claim that held this lock before us.
            IF NOT EXISTS (SELECT 1 FROM {{schema}}.lease_slots_held(p_queue) h WHERE h = v_slot) THEN
                IF p_token IS NOT NULL THEN
                    INSERT INTO {{schema}}.lease_slots (queue, slot, token) VALUES (p_queue, v_slot, p_token)
                    ON CONFLICT (queue, slot) DO UPDATE SET token = excluded.token, taken_at = excluded.taken_at;
                END IF;
                RETURN v_slot;
            END IF;
        END IF;
    END LOOP;
    RETURN NULL;
END
$$;

-- The limits in front of one lease claim, in the claim's own statement (lease/lease_claim.sql), so a
-- queue without limits pays no extra round trip and a change applies at the next claim. Takes a slot
-- first (none free: granted 0, held back by maxConcurrentBatches), then rate tokens (take_tokens,
-- V005; fewer than p_want, none included: granted is what there was, held back by rateLimit).
-- The bucket row stays locked until the claim commits, a few milliseconds; the caller gives back
-- tokens the claim did not use (return_tokens) in the same transaction.
-- took_tokens: the queue has a rate limit (the caller gives back what it did not use).
-- wait_ms, when held back: when a claim is worth trying again (for the rate, half a claim's worth
-- of tokens: claiming them one by one would cost a round trip each, waiting for a full bucket would
-- lose the tokens above the burst). Concurrency slots free up when another holder finishes, which
-- nobody can be told across processes: try again in 20 ms.
CREATE FUNCTION {{schema}}.lease_gate(p_queue text, p_want int, p_token uuid, p_key int,
                                      OUT granted int, OUT wait_ms int, OUT held_back text, OUT took_tokens boolean)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_max   int;
    v_rate  float8;
    v_burst float8;
BEGIN
    granted := p_want;
    wait_ms := 0;
    took_tokens := false;
    SELECT q.max_concurrent_batches, q.rate_limit, coalesce(q.rate_burst, greatest(1, ceil(q.rate_limit / 20)))
    INTO v_max, v_rate, v_burst
    FROM {{schema}}.queues q WHERE q.name = p_queue;
    IF v_max IS NOT NULL AND {{schema}}.take_slot(p_queue, p_key, p_token) IS NULL THEN
        granted := 0;
        wait_ms := 20;
        held_back := 'maxConcurrentBatches';
        RETURN;
    END IF;
    IF v_rate IS NOT NULL THEN
        took_tokens := true;
        SELECT t.granted, t.wait_ms INTO granted, wait_ms FROM {{schema}}.take_tokens(p_queue, least(p_want, v_burst)::int) t;
        IF granted < p_want THEN
            held_back := 'rateLimit';
            wait_ms := greatest(wait_ms, ceil(least(p_want, v_burst) / 2.0 / v_rate * 1000))::int;
        END IF;
    END IF;
END
$$;

-- take_tokens (V005) again, with the refill measured after the bucket row's lock is granted. Before,
-- the clock was read when the call began: a caller that waited for the lock (a lease claim holds it
-- for its whole statement) then set refilled_at back to that earlier time, and the next caller was
-- credited the same interval a second time (1,050-1,100/s measured at a limit of 1,000/s).
-- INVARIANT (unchanged): level never exceeds the burst and refilled_at never moves back, so over any
-- interval of t seconds at most burst + t * rate tokens are granted.
CREATE OR REPLACE FUNCTION {{schema}}.take_tokens(p_queue text, p_want int, OUT granted int, OUT wait_ms int)
LANGUAGE plpgsql AS $$
DECLARE
    v_rate   float8;
    v_burst  float8;
    v_tokens float8;
    v_at     timestamptz;
    v_now    timestamptz;
    v_level  float8;
BEGIN
    SELECT q.rate_limit, coalesce(q.rate_burst, greatest(1, ceil(q.rate_limit / 20)))
    INTO v_rate, v_burst
    FROM {{schema}}.queues q WHERE q.name = p_queue;
    IF v_rate IS NULL THEN
        granted := p_want;
        wait_ms := 0;
        RETURN;
    END IF;
    INSERT INTO {{schema}}.rate_buckets (queue, tokens, refilled_at) VALUES (p_queue, v_burst, clock_timestamp())
    ON CONFLICT (queue) DO NOTHING;
    SELECT b.tokens, b.refilled_at INTO v_tokens, v_at
    FROM {{schema}}.rate_buckets b WHERE b.queue = p_queue FOR UPDATE;
    v_now := greatest(clock_timestamp(), v_at); -- read after the lock
    v_level := least(v_burst, v_tokens + extract(epoch FROM v_now - v_at) * v_rate);
    granted := greatest(0, least(p_want, floor(v_level)))::int;
    UPDATE {{schema}}.rate_buckets SET tokens = v_level - granted, refilled_at = v_now WHERE queue = p_queue;
    wait_ms := CASE WHEN granted > 0 THEN 0 ELSE greatest(1, ceil((1 - v_level) / v_rate * 1000))::int END;
END
$$;
