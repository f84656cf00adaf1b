package dev.sluice.leaderboard;

import dev.sluice.schema.Identifiers;
import dev.sluice.schema.SqlTemplate;
import java.util.Map;

/** The leaderboard's SQL resources, rendered once for a schema. */
final class Sql {
    final String ingest;
    final String expireIds;
    final String expireWindows;
    final String partitionsList;
    final String partitionsPending;
    final String snapshotTurn;
    final String snapshotUpsert;
    final String snapshotRead;
    final String tailCut;
    final String tailRead;
    final String tailAhead;
    final String snapshotXmax;
    final String unfolded;
    final String checkpointPosition;
    final String checkpointLoad;
    final String checkpointReadPosition;
    final String checkpointRows;
    final String checkpointArchive;
    final String checkpointAdvance;
    final String checkpointRegister;
    final String checkpointUnregister;
    final String tailHorizon;
    final String expireFoldMarks;
    final String channel;

    Sql(String schema) {
        String quoted = Identifiers.quote(Identifiers.schemaName(schema));
        Map<String, String> values = Map.of("schema", quoted, "events_literal", "'" + quoted + ".score_events'");
        ingest = render("ingest.sql", values);
        expireIds = render("expire_ids.sql", values);
        expireWindows = render("expire_windows.sql", values);
        partitionsList = render("partitions_list.sql", values);
        partitionsPending = render("partitions_pending.sql", values);
        snapshotTurn = render("snapshot_turn.sql", values);
        snapshotUpsert = render("snapshot_upsert.sql", values);
        snapshotRead = render("snapshot_read.sql", values);
        tailCut = render("tail_cut.sql", values);
        tailRead = render("tail_read.sql", values);
        tailAhead = render("tail_ahead.sql", values);
        snapshotXmax = render("snapshot_xmax.sql", values);
        unfolded = render("unfolded.sql", values);
        checkpointPosition = render("checkpoint_position.sql", values);
        checkpointLoad = render("checkpoint_load.sql", values);
        checkpointReadPosition = render("checkpoint_read_position.sql", values);
        checkpointRows = render("checkpoint_rows.sql", values);
        checkpointArchive = render("checkpoint_archive.sql", values);
        checkpointAdvance = render("checkpoint_advance.sql", values);
        checkpointRegister = render("checkpoint_register.sql", values);
        checkpointUnregister = render("checkpoint_unregister.sql", values);
        tailHorizon = render("tail_horizon.sql", values);
        expireFoldMarks = render("expire_fold_marks.sql", values);
        channel = schema + ".leaderboard";
    }

    static String render(String resource, Map<String, String> values) {
        return SqlTemplate.load(Sql.class, resource).render(values);
    }
}
