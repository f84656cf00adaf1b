-- A detach interrupted half-way (the process died between its two transactions) is completed.
ALTER TABLE {{table}} DETACH PARTITION {{partition}} FINALIZE
