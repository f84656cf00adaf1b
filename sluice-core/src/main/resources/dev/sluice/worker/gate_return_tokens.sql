-- Autocommit, after a claim that used fewer tokens than it took.
SELECT {{schema}}.return_tokens(?, ?)
