-- Retention, step 2: the detached partition goes as a whole (never a DELETE of its rows).
DROP TABLE IF EXISTS {{partition}}
