-- Every api keeps GET /values/all's answer in memory and drops it when the table changes (IndexListCache), so the
-- table tells every listening api of each change, made by any api or by anything else, when it commits.
-- PostgreSQL serialises the commits of notifying transactions: with fsync on, pgbench's single-row insert of new
-- indexes ran at 2,502 tps against 7,577 without these triggers (8 clients, PostgreSQL 15, the bench machine).
-- A repeat adds no row and sends nothing, and at the default limit almost every POST is a repeat.
CREATE OR REPLACE FUNCTION notify_values_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('values_changed', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER values_row_changed AFTER INSERT OR UPDATE OR DELETE ON values
    FOR EACH ROW EXECUTE FUNCTION notify_values_changed();
CREATE TRIGGER values_truncated AFTER TRUNCATE ON values
    FOR EACH STATEMENT EXECUTE FUNCTION notify_values_changed();
