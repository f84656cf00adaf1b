-- Commits the consumer's position past this batch: its events count as consumed once this commits.
SELECT pgq.finish_batch(?)
