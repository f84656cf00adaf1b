-- Gives back rate tokens a lease claim was granted but did not use (it found fewer messages), in
-- the claim's transaction, which still holds the bucket row (see return_tokens in migration 5).
-- Parameters: how many.
SELECT {{schema}}.return_tokens({{queue_literal}}, ?)
