-- A row-level capture trigger (sluice-streams installs its stream captures with it; queue capture is statement-level, capture_set_trigger.sql).
DROP TRIGGER IF EXISTS {{trigger}} ON {{user_table}};
CREATE TRIGGER {{trigger}} AFTER {{event}} ON {{user_table}}
    FOR EACH ROW {{when}} EXECUTE FUNCTION {{function}}();
