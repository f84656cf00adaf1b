-- Size and extent of a stream: exact, so it scans the retained events (on demand, never per batch).
SELECT (SELECT count(*) FROM {{table}}) AS events,
       (SELECT min(id) FROM {{table}}) AS first_id,
       (SELECT max(id) FROM {{table}}) AS last_id,
       (SELECT min(appended_at) FROM {{table}}) AS oldest,
       (SELECT max(appended_at) FROM {{table}}) AS newest,
       (SELECT count(*) FROM {{table}} WHERE appended_at > now() - interval '60 seconds') AS last_minute
