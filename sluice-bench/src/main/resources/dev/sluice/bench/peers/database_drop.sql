-- A peer's database from an earlier run, with any sessions it still has. {{database}} is one of the
-- benchmark's own fixed names (sluice_peer_*), quoted.
DROP DATABASE IF EXISTS {{database}} WITH (FORCE)
