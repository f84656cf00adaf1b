package dev.sluice.schedule;

import dev.sluice.schema.Identifiers;
import dev.sluice.schema.SqlTemplate;
import java.util.Map;

/** The schedule statements rendered once for one schema. */
final class ScheduleSql {

    final String defineInsert;
    final String defineUpdate;
    final String list;
    final String lock;
    final String setPaused;
    final String remove;
    final String due;
    final String nextDue;
    final String lockDue;
    final String advance;

    ScheduleSql(String schema) {
        Map<String, String> values = Map.of("schema", Identifiers.quote(Identifiers.schemaName(schema)));
        defineInsert = render("schedule_define_insert.sql", values);
        defineUpdate = render("schedule_define_update.sql", values);
        list = render("schedule_list.sql", values);
        lock = render("schedule_lock.sql", values);
        setPaused = render("schedule_set_paused.sql", values);
        remove = render("schedule_remove.sql", values);
        due = render("schedules_due.sql", values);
        nextDue = render("schedules_next_due.sql", values);
        lockDue = render("schedule_lock_due.sql", values);
        advance = render("schedule_advance.sql", values);
    }

    private static String render(String resource, Map<String, String> values) {
        return SqlTemplate.load(ScheduleSql.class, resource).render(values);
    }
}
