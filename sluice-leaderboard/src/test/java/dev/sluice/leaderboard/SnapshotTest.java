package dev.sluice.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SnapshotTest extends LeaderboardTestSupport {

    @Test
    void changedTopIsPublishedOnceAnnouncedByNotifyAndDeliveredToSubscribers() throws Exception {
        List<Snapshot> received = new CopyOnWriteArrayList<>();
        boards.subscribe(received::add);
        await().atMost(Duration.ofSeconds(10)).until(boards::isListening);
        boards.ingest(ScoreEvent.of("e1", "ada", 10, clock.instant()));
        boards.fold();
        assertThat(boards.publishSnapshots()).isEqualTo(boards.config().windows().size());
        assertThat(boards.publishSnapshots()).as("nothing changed, nothing announced").isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> received.stream().anyMatch(s -> s.window().equals("all")));
        Snapshot all = received.stream().filter(s -> s.window().equals("all")).findFirst().orElseThrow();
        assertThat(all.version()).isEqualTo(1);
        assertThat(all.top()).extracting(Standing::playerId).containsExactly("ada");

        boards.ingest(ScoreEvent.of("e2", "bob", 20, clock.instant()));
        boards.fold();
        boards.publishSnapshots();
        await().atMost(Duration.ofSeconds(10)).until(() -> received.stream().anyMatch(s -> s.window().equals("all") && s.version() == 2));
        assertThat(boards.snapshot("all").orElseThrow().top()).extracting(Standing::playerId).containsExactly("bob", "ada");
        assertThat(queryLong("SELECT max(length(json_build_object('window', window_name, 'version', version)::text)) FROM "
                + schema + ".leaderboard_snapshots")).as("NOTIFY payload size").isLessThan(100);
    }

    @Test
    void liveTopServesTheLastTailReadFromMemoryAndSubscribersTheAnnouncedSnapshot() {
        List<Snapshot> received = new CopyOnWriteArrayList<>();
        boards.subscribe(received::add);
        await().atMost(Duration.ofSeconds(10)).until(boards::isListening);
        boards.ingest(ScoreEvent.of("e1", "ada", 10, clock.instant()));
        boards.fold();
        assertThat(boards.liveTop("1m", 10)).as("no snapshot published: the tail's read").extracting(Standing::playerId).containsExactly("ada");
        boards.publishSnapshots();
        // Subscribers are called after the snapshot is taken into memory.
        await().atMost(Duration.ofSeconds(10)).until(() -> received.stream().anyMatch(s -> s.window().equals("all")));

        boards.ingest(ScoreEvent.of("e2", "bob", 20, clock.instant()));
        boards.fold();
        assertThat(boards.liveTop("all", 10)).as("the live top follows the tail read, before any republish").extracting(Standing::playerId)
                .containsExactly("bob", "ada");
        assertThat(boards.snapshot("all").orElseThrow().top()).as("the stored snapshot, not yet republished")
                .extracting(Standing::playerId).containsExactly("ada");
        assertThat(boards.top("all", 10)).as("the query sees the fold").extracting(Standing::playerId).containsExactly("bob", "ada");
        assertThat(boards.liveTop("all", boards.config().snapshotSize() + 1)).as("beyond the snapshot size: the in-memory page")
                .extracting(Standing::playerId).containsExactly("bob", "ada");

        boards.publishSnapshots();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(boards.liveTop("all", 10))
                .extracting(Standing::playerId).containsExactly("bob", "ada"));
        assertThat(boards.liveTop("all", 1)).extracting(Standing::playerId).containsExactly("bob");

        List<Snapshot> late = new CopyOnWriteArrayList<>();
        boards.subscribe(late::add);
        assertThat(late).as("a late subscriber gets the snapshots already held, without waiting for a change")
                .anySatisfy(snap -> assertThat(snap.top()).extracting(Standing::playerId).containsExactly("bob", "ada"));

        clock.advance(Duration.ofMinutes(1));
        assertThat(boards.liveTop("1m", 10)).as("a new minute: last minute's snapshot is not served").isEmpty();
    }

    @Test
    void aPublishThatReusesAVersionLostInACrashIsStillDelivered() throws Exception {
        List<Snapshot> received = new CopyOnWriteArrayList<>();
        boards.subscribe(received::add);
        await().atMost(Duration.ofSeconds(10)).until(boards::isListening);
        boards.ingest(ScoreEvent.of("e1", "ada", 10, clock.instant()));
        boards.fold();
        boards.publishSnapshots();
        await().atMost(Duration.ofSeconds(10)).until(() -> received.stream().anyMatch(s -> s.window().equals("all")));
        // Publishing commits without waiting for its flush: a crash can lose the last version, and the
        // next publish then numbers its snapshot as the one already delivered.
        try (var c = dataSource.getConnection(); var s = c.createStatement()) {
            s.executeUpdate("UPDATE " + schema + ".leaderboard_snapshots SET version = version - 1, published_at = published_at - interval '1 s'");
        }
        boards.ingest(ScoreEvent.of("e2", "bob", 20, clock.instant()));
        boards.fold();
        boards.publishSnapshots();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(received)
                .filteredOn(s -> s.window().equals("all") && s.version() == 1)
                .as("version 1 twice: the lost one's number, then the new top").hasSize(2)
                .last().satisfies(s -> assertThat(s.top()).extracting(Standing::playerId).containsExactly("bob", "ada")));
        List<Snapshot> late = new CopyOnWriteArrayList<>();
        boards.subscribe(late::add);
        assertThat(late).as("the later publish is the one held").filteredOn(s -> s.window().equals("all")).singleElement()
                .satisfies(s -> assertThat(s.top()).extracting(Standing::playerId).containsExactly("bob", "ada"));
    }
}
