DROP TRIGGER IF EXISTS {{trigger}} ON {{user_table}};
CREATE TRIGGER {{trigger}} AFTER {{event}} ON {{user_table}}
    REFERENCING {{transition}}
    FOR EACH STATEMENT EXECUTE FUNCTION {{function}}();
