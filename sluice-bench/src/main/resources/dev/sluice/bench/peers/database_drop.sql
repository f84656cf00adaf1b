-- A peer's database from an earlier run, with any sessions it still has. {{database}} is one of the
-- benchmark's own names (<the run's database>_peer_<peer>), quoted.
DROP DATABASE IF EXISTS {{database}} WITH (FORCE)
