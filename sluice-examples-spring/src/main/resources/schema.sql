CREATE TABLE IF NOT EXISTS accounts (
    email      text PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now(),
    welcomed_at timestamptz
);
