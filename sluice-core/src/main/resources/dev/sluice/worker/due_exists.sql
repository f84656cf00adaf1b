-- Milliseconds until the earliest scheduled message is due (zero or less: due now; null: none).
-- Checked before promote.sql so that an idle queue's promotion costs one index probe and sends no
-- NOTIFY (an INSERT statement fires the wake-up trigger even when it inserts nothing), and so that
-- idle workers wake when the next one comes due instead of at the next poll.
SELECT (extract(epoch FROM min(run_at) - now()) * 1000)::bigint FROM {{scheduled}}
