-- Removes a schedule. Messages it already enqueued stay in their queue.
DELETE FROM {{schema}}.schedules WHERE name = ?
