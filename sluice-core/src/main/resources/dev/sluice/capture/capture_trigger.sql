DROP TRIGGER IF EXISTS {{trigger}} ON {{user_table}};
CREATE TRIGGER {{trigger}} AFTER {{event}} ON {{user_table}}
    FOR EACH ROW {{when}} EXECUTE FUNCTION {{function}}();
