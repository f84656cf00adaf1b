-- Completes a concurrent detach that was interrupted (e.g. the process died while it waited).
ALTER TABLE {{schema}}.score_events DETACH PARTITION {{partition}} FINALIZE
