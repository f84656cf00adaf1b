UPDATE {{schema}}.queues
SET processed_total = processed_total + ?, failed_total = failed_total + ?, dead_total = dead_total + ?
WHERE name = {{queue_literal}}
