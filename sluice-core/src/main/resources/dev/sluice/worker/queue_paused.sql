SELECT paused FROM {{schema}}.queues WHERE name = {{queue_literal}}
