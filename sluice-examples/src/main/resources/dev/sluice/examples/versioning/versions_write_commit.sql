-- name: versions_write_commit
-- New pipeline, the last write of a batch and the commit that acknowledges the batch, sent together
-- in one round trip (PostgreSQL runs them in order and skips the rest after an error):
--  * every planned product moved: the versions and the queue's claim (Sluice's DELETE of the
--    messages, made earlier in this transaction) commit together, as when Sluice commits.
--  * some product had moved meanwhile: versions_write fails (VS001, all products required), the
--    COMMIT is skipped, and the caller rolls back to the savepoint: nothing of this write is
--    left, the transaction and its claim stay open, and the caller plans those products again
--    and writes without committing (Sluice then commits), so a change is never acknowledged
--    before its version is written.
SAVEPOINT versions_write;
{{statement:versions_write}};
COMMIT
