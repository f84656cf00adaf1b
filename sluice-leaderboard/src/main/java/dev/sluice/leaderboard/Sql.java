package dev.sluice.leaderboard;

import dev.sluice.schema.Identifiers;
import dev.sluice.schema.SqlTemplate;
import java.util.Map;

/** The leaderboard's SQL resources, rendered once for a schema. */
final class Sql {
    final String ingest;
    final String top;
    final String rank;
    final String expireIds;
    final String expireWindows;
    final String expireRankCounts;
    final String partitionsList;
    final String partitionsPending;
    final String snapshotUpsert;
    final String snapshotRead;
    final String fold;
    final String foldCut;
    final String foldPosition;
    final String foldAdvance;
    final String snapshotXmin;
    final String snapshotXmax;
    final String unfolded;
    final String expireFoldMarks;
    final String channel;

    Sql(String schema) {
        String quoted = Identifiers.quote(Identifiers.schemaName(schema));
        Map<String, String> values = Map.of("schema", quoted, "events_literal", "'" + quoted + ".score_events'");
        ingest = render("ingest.sql", values);
        top = render("top.sql", values);
        rank = render("rank.sql", values);
        expireIds = render("expire_ids.sql", values);
        expireWindows = render("expire_windows.sql", values);
        expireRankCounts = render("expire_rank_counts.sql", values);
        partitionsList = render("partitions_list.sql", values);
        partitionsPending = render("partitions_pending.sql", values);
        snapshotUpsert = render("snapshot_upsert.sql", values);
        snapshotRead = render("snapshot_read.sql", values);
        fold = render("fold.sql", values);
        foldCut = render("fold_cut.sql", values);
        foldPosition = render("fold_position.sql", values);
        foldAdvance = render("fold_advance.sql", values);
        snapshotXmin = render("snapshot_xmin.sql", values);
        snapshotXmax = render("snapshot_xmax.sql", values);
        unfolded = render("unfolded.sql", values);
        expireFoldMarks = render("expire_fold_marks.sql", values);
        channel = schema + ".leaderboard";
    }

    static String render(String resource, Map<String, String> values) {
        return SqlTemplate.load(Sql.class, resource).render(values);
    }
}
