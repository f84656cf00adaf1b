-- Executions not yet completed (a completed one-time execution's row is deleted).
SELECT count(*) FROM scheduled_tasks
