-- JobRunr keeps every job as a row; those not yet SUCCEEDED (nor FAILED/DELETED) are pending.
SELECT count(*) FROM jobrunr_jobs WHERE state IN ('AWAITING', 'SCHEDULED', 'ENQUEUED', 'PROCESSING')
